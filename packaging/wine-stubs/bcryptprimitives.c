/* Test-only stand-in for Windows' bcryptprimitives.dll under Wine: see README.md here.
 * Rust's standard library (1.78+) draws its random numbers from ProcessPrng. */
#include <windows.h>

#define EXPORT __declspec(dllexport)

typedef BOOLEAN(WINAPI *RtlGenRandomFn)(void *buffer, ULONG length);

EXPORT BOOL WINAPI ProcessPrng(BYTE *data, SIZE_T length) {
    static RtlGenRandomFn gen = NULL;
    if (gen == NULL) {
        HMODULE advapi = LoadLibraryA("advapi32.dll");
        if (advapi == NULL) return FALSE;
        gen = (RtlGenRandomFn)(void (*)(void))GetProcAddress(advapi, "SystemFunction036");
        if (gen == NULL) return FALSE;
    }
    while (length > 0) { /* RtlGenRandom takes a ULONG length */
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!gen(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
