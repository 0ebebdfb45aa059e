; Inno Setup 6 script for 客服助手 (kefu-assistant): a per-user install, no admin prompt.
;
; Built by packaging/build.py, which passes the version and paths:
;   iscc /DAppVersion=0.1.0 /DFileVersion=0.1.0.0 /DSourceDir=dist\assistant /DOutputDir=dist
;        /DOutputBaseFilename=kefu-assistant-0.1.0-windows-x64-setup /DIconFile=... installer.iss
;
; Supervisors: setup.exe /VERYSILENT /SUPPRESSMSGBOXES [/TASKS="desktopicon"]
;   Files placed beside setup.exe are loaded after the install, into the user's data folder:
;     shop-pack.json or shop-pack.csv   -> assistant-cli pack import FILE
;     shop-settings.json                -> assistant-cli settings import FILE
; Uninstall keeps the data folder (%LOCALAPPDATA%\kefu-assistant) unless the user answers
; yes to the question, or a silent uninstall is given /DELETEDATA.
; The AppId below must never change: it is what makes a newer setup.exe an upgrade.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef FileVersion
  ; Windows wants four numbers here; build.py passes them for versions like 0.2.0rc1
  #define FileVersion AppVersion
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\assistant"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif
#ifndef OutputBaseFilename
  #define OutputBaseFilename "kefu-assistant-" + AppVersion + "-windows-x64-setup"
#endif
#define AppName "客服助手"
#define AppExe "assistant.exe"
#define CliExe "assistant-cli.exe"
; Where assistant.config.data_dir() puts the data on Windows (platformdirs, not roaming).
#define DataFolder "{localappdata}\kefu-assistant"

[Setup]
AppId={{6F1C2E0B-7A43-4D5E-9B8C-3E2A1D4F5B60}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#FileVersion}
VersionInfoProductName={#AppName}
; Per user: no UAC prompt; {autopf} becomes %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={autopf}\KefuAssistant
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
DisableReadyPage=yes
UsePreviousAppDir=yes
UsePreviousTasks=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename={#OutputBaseFilename}
#ifdef IconFile
SetupIconFile={#IconFile}
#endif
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
; A running copy holds its DLLs: Setup closes it (silently, too) before replacing them.
CloseApplications=yes
SetupLogging=yes

[Languages]
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
; One text for every language: the people who read these work in Chinese.
DesktopIcon=在桌面创建快捷方式
LaunchApp=立即启动客服助手
Preloading=正在导入店铺预置的话术包和设置…
PreloadFailed=预置文件“%1”没有导入（错误码 %2）。可稍后在程序中手动导入。详情见安装日志。
DeleteData=是否同时删除客服助手的数据（话术、设置、备份和日志）？%n%n数据文件夹：%1%n%n选“否”将保留数据，重新安装后可继续使用。

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[InstallDelete]
; The program folder is replaced, not merged: files a newer PyInstaller or Qt no longer
; ships must not linger. User data is elsewhere ({#DataFolder}), so nothing of it is here.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[Code]
const
  PreloadCount = 3;

function PreloadFile(I: Integer): String;
begin
  case I of
    0: Result := 'shop-pack.json';
    1: Result := 'shop-pack.csv';
    2: Result := 'shop-settings.json';
  end;
end;

function PreloadArgs(I: Integer): String;
begin
  if I = 2 then
    Result := 'settings import'
  else
    Result := 'pack import';
end;

{ Files a supervisor put beside setup.exe are imported with the installed program's
  command line, as the installing user, so they land in that user's data folder. }
procedure PreloadBesideInstaller();
var
  I, ResultCode: Integer;
  Source, Message: String;
begin
  for I := 0 to PreloadCount - 1 do
  begin
    Source := ExpandConstant('{src}\') + PreloadFile(I);
    if FileExists(Source) then
    begin
      WizardForm.StatusLabel.Caption := CustomMessage('Preloading');
      Log('Preloading ' + Source);
      if not Exec(ExpandConstant('{app}\{#CliExe}'),
                  PreloadArgs(I) + ' "' + Source + '"', '', SW_HIDE,
                  ewWaitUntilTerminated, ResultCode) or (ResultCode <> 0) then
      begin
        Log(Format('Preloading %s failed with code %d', [Source, ResultCode]));
        { No line of [Code] may start with "[": Inno Setup would read it as a section. }
        Message := FmtMessage(CustomMessage('PreloadFailed'), [PreloadFile(I), IntToStr(ResultCode)]);
        SuppressibleMsgBox(Message, mbError, MB_OK, IDOK);
      end;
    end;
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    PreloadBesideInstaller();
end;

function HasParam(const Name: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Name) = 0 then
      Result := True;
end;

{ Data survives an uninstall unless the user says otherwise: a silent uninstall deletes
  it only with /DELETEDATA, an interactive one asks (default: keep). }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Data: String;
  Purge: Boolean;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  Data := ExpandConstant('{#DataFolder}');
  if not DirExists(Data) then
    Exit;
  if UninstallSilent then
    Purge := HasParam('/DELETEDATA')
  else
    Purge := HasParam('/DELETEDATA') or
      (SuppressibleMsgBox(FmtMessage(CustomMessage('DeleteData'), [Data]),
                          mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES);
  if Purge then
  begin
    Log('Deleting the data folder ' + Data);
    DelTree(Data, True, True, True);
  end
  else
    Log('Keeping the data folder ' + Data);
end;
