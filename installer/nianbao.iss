; Inno Setup 6 script of the 年报 installer for Windows 10/11 (per-user, no administrator rights).
; Build the bundle first (on Windows):  uv run --with pyinstaller==6.22.3 pyinstaller installer\nianbao.spec
; then:                                  iscc installer\nianbao.iss
; The result is dist\nianbao-<version>-setup.exe. AppVersion is kept equal to models/about.py's VERSION
; by tests/test_installer_windows.py.

#define AppName "年报"
#define AppVersion "0.1.0"
#define AppPublisher "Nianbao"
#define AppExe "nianbao.exe"
#define BundleDir "..\dist\nianbao"

[Setup]
AppId={{6B0E8B7E-4E43-4C53-9C1B-8A2F2B6E0A20}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoDescription=年报：政府信息公开工作年度报告编制工具 安装程序
; per-user: into %LOCALAPPDATA%\Programs\Nianbao, Start menu of this user, no UAC prompt
PrivilegesRequired=lowest
DefaultDirName={autopf}\Nianbao
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=nianbao-{#AppVersion}-setup
SetupIconFile=..\resources\icons\nianbao.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; the whole onedir bundle; the clerk's data (%LOCALAPPDATA%\Nianbao) is elsewhere and is never touched
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\_internal\resources\icons\nianbao.ico"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\_internal\resources\icons\nianbao.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
