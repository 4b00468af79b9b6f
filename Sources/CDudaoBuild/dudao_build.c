#include "dudao_build.h"

// Package.swift defines DUDAO_BUILD_COMMIT (hex digits, perhaps "-dirty") when the packaging
// script sets it in the environment; the two-step macro turns the token into a string.
#define DUDAO_STRINGIFY(x) #x
#define DUDAO_STRING(x) DUDAO_STRINGIFY(x)

const char *dudao_build_commit(void) {
#ifdef DUDAO_BUILD_COMMIT
    return DUDAO_STRING(DUDAO_BUILD_COMMIT);
#else
    return "unknown";
#endif
}
