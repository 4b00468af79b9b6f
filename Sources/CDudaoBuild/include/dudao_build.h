#ifndef DUDAO_BUILD_H
#define DUDAO_BUILD_H

/// The commit this binary was built from, as the packaging script passed it
/// (DUDAO_BUILD_COMMIT in the environment of `swift build`); "unknown" for a plain build.
const char *dudao_build_commit(void);

#endif
