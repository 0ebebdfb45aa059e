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
; Held by a running assistant.exe (assistant/running.py): Setup and the uninstaller look for it.
#define RunningMutex "KefuAssistant.Running"

[Setup]
AppId={{6F1C2E0B-7A43-4D5E-9B8C-3E2A1D4F5B60}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#FileVersion}
VersionInfoProductName={#AppName}
; Per user: no UAC prompt. {localappdata}\Programs is where {autopf} points for a per-user
; install on Windows 10/11, named directly because it works under Wine too.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\KefuAssistant
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
Compression=lzma2/ultra
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
; A running copy holds its DLLs: Setup closes it (silently, too) before replacing them.
; [Code] finds it by its mutex and asks first (PrepareToInstall); the Restart Manager
; (CloseApplications) is the second line for copies started some other way.
CloseApplications=yes
SetupLogging=yes

[Languages]
; Inno Setup ships no Simplified Chinese: the project's own file, beside this script. The
; only language, so the wizard speaks Chinese on every PC, as the program does.
Name: "chinesesimplified"; MessagesFile: "ChineseSimplified.isl"

[CustomMessages]
; One text for every language: the people who read these work in Chinese.
DesktopIcon=在桌面创建快捷方式
LaunchApp=立即启动客服助手
Preloading=正在导入店铺预置的话术包和设置…
PreloadFailed=预置文件“%1”没有导入（错误码 %2）。可稍后在程序中手动导入。详情见安装日志。
AppRunning=客服助手正在运行。%n%n点“确定”，安装程序会先关闭它再继续（已保存的话术和设置不受影响）；点“取消”退出安装。
AppRunningUninstall=客服助手正在运行。%n%n点“确定”，卸载程序会先关闭它再继续；点“取消”退出卸载。
AppStillRunning=客服助手仍在运行，无法继续。请在右下角托盘图标上点右键选择“退出”，然后再试一次。
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

{ A running copy (found by its mutex) is closed before files are replaced or removed:
  silently without asking, otherwise after the user says OK. Returns False if it is
  still running or the user said no. }
function CloseRunningCopy(Question: String; Silent: Boolean): Boolean;
var
  I, ResultCode: Integer;
begin
  Result := True;
  if not CheckForMutexes('{#RunningMutex}') then
    Exit;
  Log('A running copy of the program was found');
  if not Silent then
    if MsgBox(Question, mbConfirmation, MB_OKCANCEL) <> IDOK then
    begin
      Result := False;
      Exit;
    end;
  { Closing the window only hides it in the tray, so the process is ended. The database
    is SQLite in WAL mode: what was saved stays saved. }
  Exec(ExpandConstant('{sys}\taskkill.exe'), '/F /IM {#AppExe}', '', SW_HIDE,
       ewWaitUntilTerminated, ResultCode);
  Log(Format('taskkill /IM {#AppExe} exit code %d', [ResultCode]));
  for I := 1 to 50 do
  begin
    if not CheckForMutexes('{#RunningMutex}') then
      Exit;
    Sleep(200);
  end;
  Result := not CheckForMutexes('{#RunningMutex}');
end;

function PrepareToInstall(var NeedsRestart: Boolean): String;
begin
  Result := '';
  if not CloseRunningCopy(CustomMessage('AppRunning'), WizardSilent) then
    Result := CustomMessage('AppStillRunning');
end;

function InitializeUninstall(): Boolean;
begin
  Result := CloseRunningCopy(CustomMessage('AppRunningUninstall'), UninstallSilent);
  if not Result then
    Log('Not uninstalling: the program is still running');
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
