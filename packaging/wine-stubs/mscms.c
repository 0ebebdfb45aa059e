/* Test-only stand-in for Windows' mscms.dll under Wine: see README.md here.
 * Qt's qwindows.dll asks for the display's colour profile; every call fails, and Qt
 * then assumes sRGB, as it does on a Windows without a profile. */
#include <windows.h>

#define EXPORT __declspec(dllexport)

EXPORT HANDLE WINAPI OpenColorProfileW(void *profile, DWORD access, DWORD share,
                                       DWORD creation) {
    (void)profile; (void)access; (void)share; (void)creation;
    SetLastError(ERROR_NOT_SUPPORTED);
    return NULL;
}

EXPORT BOOL WINAPI CloseColorProfile(HANDLE profile) {
    (void)profile;
    return TRUE;
}

EXPORT BOOL WINAPI GetColorProfileFromHandle(HANDLE profile, BYTE *buffer, DWORD *size) {
    (void)profile; (void)buffer;
    if (size) *size = 0;
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
}

EXPORT HANDLE WINAPI WcsCreateIccProfile(HANDLE wcs_profile, DWORD options) {
    (void)wcs_profile; (void)options;
    SetLastError(ERROR_NOT_SUPPORTED);
    return NULL;
}
