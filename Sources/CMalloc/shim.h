// glibc's allocator tuning (`mallopt`), for the merge thread's heap (`ThreadExecutor`).
#if defined(__linux__)
#include <malloc.h>
#endif
