// electron-builder afterPack hook (electron-builder.yml `afterPack`): sets Electron's fuses on
// the packaged binary with @electron/fuses, before the installer is made and signed. A
// production CampusDesk cannot be turned into a plain Node (RunAsNode off), ignores
// NODE_OPTIONS and --inspect, loads the app only from its asar archive and checks that
// archive's integrity (macOS and Windows: electron-builder writes the hashes).
// Plain JavaScript (ESM): electron-builder loads the hook itself, outside Node's type stripping.
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/** The fuse settings (also read by tests/deploy/installer.test.ts). */
export const FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** The Electron executable inside the packed app folder, per platform. */
export function electronBinary(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(context.appOutDir, `${name}.app`);
    case 'win32':
      return join(context.appOutDir, `${name}.exe`);
    default:
      return join(context.appOutDir, context.packager.executableName ?? name);
  }
}

export default async function afterPack(context) {
  const binary = electronBinary(context);
  // Apple silicon: flipping fuses breaks the ad-hoc signature; let the tool re-sign it.
  const resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' && context.arch === 3;
  await flipFuses(binary, { ...FUSES, resetAdHocDarwinSignature });
  console.log(`CampusDesk: fuses set on ${binary}`);
}
