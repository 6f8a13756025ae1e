// The IPC channel names shared by the preload script and the main process (no imports:
// the sandboxed preload bundle must stay free of Node modules).
export const IPC_CHANNELS = {
  invoke: 'campusdesk:invoke',
  saveFile: 'campusdesk:save-file',
  exitKiosk: 'campusdesk:kiosk-exit',
  enterKiosk: 'campusdesk:enter-kiosk',
  upload: 'campusdesk:upload',
  file: 'campusdesk:file',
  /** main → renderer: a live event (the same as GET /api/v1/events sends). */
  liveEvent: 'campusdesk:live-event',
} as const;
