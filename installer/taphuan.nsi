; TapHuan's Windows installer: per user, no administrator rights, Vietnamese and English.
;
;   makensis -DVERSION=0.1.0 -DPAYLOAD=..\dist\taphuan -DOUTFILE=..\dist\TapHuan-0.1.0-setup.exe
;            installer\taphuan.nsi
;
; Installs into %LOCALAPPDATA%\Programs\TapHuan (no elevation prompt), adds Start-menu and
; desktop shortcuts and an Add/Remove Programs entry under HKCU, upgrades in place, refuses
; to run while TapHuan is open, and uninstalls without touching the user's data folder
; (%LOCALAPPDATA%\TapHuan: the database, backups, logs), saying where it is.
; Silent: setup.exe /S [/D=folder]; uninstall.exe /S.

Unicode true
; 64-bit Windows 10 and later only: a 64-bit installer (also what Wine64 can run).
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "..\dist\taphuan"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\TapHuan-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "..\resources\icons\taphuan.ico"
!endif

!define APP "TapHuan"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\TapHuan"
!define APP_KEY "Software\TapHuan"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\TapHuan"
InstallDirRegKey HKCU "${APP_KEY}" "InstallDir"
BrandingText "${APP} ${VERSION}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_REGISTRY_ROOT "HKCU"
!define MUI_LANGDLL_REGISTRY_KEY "${APP_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_FINISHPAGE_RUN "$INSTDIR\taphuan.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

LangString Running ${LANG_VIETNAMESE} "TapHuan đang mở. Hãy đóng TapHuan rồi chạy lại trình cài đặt."
LangString Running ${LANG_ENGLISH} "TapHuan is running. Close TapHuan, then run the installer again."
LangString UnRunning ${LANG_VIETNAMESE} "TapHuan đang mở. Hãy đóng TapHuan rồi gỡ cài đặt lại."
LangString UnRunning ${LANG_ENGLISH} "TapHuan is running. Close TapHuan, then uninstall again."
LangString DataKept ${LANG_VIETNAMESE} "Đã gỡ TapHuan. Dữ liệu của bạn (cơ sở dữ liệu, bản sao lưu, nhật ký) vẫn được giữ ở:$\r$\n$LOCALAPPDATA\TapHuan$\r$\nXóa thư mục này nếu không cần nữa."
LangString DataKept ${LANG_ENGLISH} "TapHuan was removed. Your data (database, backups, logs) is kept in:$\r$\n$LOCALAPPDATA\TapHuan$\r$\nDelete that folder if you no longer need it."

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP} installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "${APP}"

; A running program keeps its .exe open: if the installed one cannot be opened for writing,
; TapHuan is running (no plug-in needed, works without rights to list processes).
!macro RefuseWhileRunning MESSAGE
  ${If} ${FileExists} "$INSTDIR\taphuan.exe"
    ClearErrors
    FileOpen $0 "$INSTDIR\taphuan.exe" a
    ${If} ${Errors}
      MessageBox MB_OK|MB_ICONSTOP "$(${MESSAGE})" /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
    FileClose $0
  ${EndIf}
!macroend

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Section "TapHuan" SecMain
  SectionIn RO
  !insertmacro RefuseWhileRunning Running
  ; Upgrade in place: the previous version's program files go, the data folder stays.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\taphuan.exe"
  Delete "$INSTDIR\taphuan-cli.exe"
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\TapHuan"
  CreateShortcut "$SMPROGRAMS\TapHuan\TapHuan.lnk" "$INSTDIR\taphuan.exe" "" "$INSTDIR\taphuan.exe" 0
  CreateShortcut "$SMPROGRAMS\TapHuan\Gỡ cài đặt TapHuan.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\TapHuan.lnk" "$INSTDIR\taphuan.exe" "" "$INSTDIR\taphuan.exe" 0

  WriteRegStr HKCU "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${APP_KEY}" "Version" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${APP}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\taphuan.exe"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Uninstall"
  !insertmacro RefuseWhileRunning UnRunning
  Delete "$DESKTOP\TapHuan.lnk"
  RMDir /r "$SMPROGRAMS\TapHuan"
  ; Only the program folder: the data folder ($LOCALAPPDATA\TapHuan) is the user's.
  RMDir /r "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "${APP_KEY}"
  MessageBox MB_OK|MB_ICONINFORMATION "$(DataKept)" /SD IDOK
SectionEnd
