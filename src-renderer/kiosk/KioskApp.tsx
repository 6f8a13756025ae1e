// The kiosk page: a small state machine over its screens, with no router and no links, so
// nothing leads from here to the staff app.
//
//   pairing → home ─ tile → form ─ send → done ─ 20 s or "Done" → home
//                  └ "Check my ticket" → lookup → result → home
//
// Away from the start screen (form, lookup, result), IDLE_MS without a touch returns to
// the start, after a countdown during the last IDLE_WARN_MS; the form's contents go with it.
// The kiosk token is checked on every return to the start (and every few minutes there), so
// a revoked kiosk leaves service without waiting for someone's report to fail.
import { useCallback, useEffect, useState } from 'react';
import { Frame } from './Frame.tsx';
import { HomeScreen } from './HomeScreen.tsx';
import { ReportForm } from './ReportForm.tsx';
import { Confirmation } from './Confirmation.tsx';
import { LookupForm, LookupResultView } from './Lookup.tsx';
import { PairingScreen, takePairingTokenFromUrl, type PairingNotice } from './Pairing.tsx';
import { ExitKioskDialog, IdleDialog } from './Dialogs.tsx';
import { checkToken, isDesktopKiosk, isPaired, storeToken, storedToken, type LookupResult, type SubmitResult } from './api.ts';
import { useIdleReset } from './timers.ts';
import type { CategorySlug } from './model.ts';
import { useRefreshCategories } from './categories.tsx';

export const IDLE_MS = 90_000;
export const IDLE_WARN_MS = 15_000;
const RECHECK_MS = 5 * 60_000;

type Screen =
  | { kind: 'pairing'; notice: PairingNotice }
  | { kind: 'home' }
  | { kind: 'form'; category: CategorySlug; key: number }
  | { kind: 'done'; result: SubmitResult }
  | { kind: 'lookup'; key: number }
  | { kind: 'lookupResult'; result: LookupResult; reference: string };

export function KioskApp() {
  const [pairToken, setPairToken] = useState(() => takePairingTokenFromUrl());
  const [screen, setScreen] = useState<Screen>(() => (isPaired() && !pairToken ? { kind: 'home' } : { kind: 'pairing', notice: null }));
  const [exitOpen, setExitOpen] = useState(false);
  const [seq, setSeq] = useState(0);

  const refreshCategories = useRefreshCategories();
  // Back on the start screen the tiles are asked for again: an admin may have changed them.
  const home = useCallback(() => { setScreen({ kind: 'home' }); refreshCategories(); }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const revoked = useCallback(() => {
    if (!isDesktopKiosk()) storeToken(null);
    setScreen({ kind: 'pairing', notice: 'revoked' });
  }, []);

  // A kiosk link opened in a tab that already shows the kiosk (only the #pair= part changes).
  useEffect(() => {
    const onHash = () => {
      const token = takePairingTokenFromUrl();
      if (token) {
        setPairToken(token);
        setScreen({ kind: 'pairing', notice: null });
      }
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // On the start screen: is this kiosk still registered? (Network trouble: keep going; a
  // report will say so if the hub stays away.)
  useEffect(() => {
    if (screen.kind !== 'home') return;
    let live = true;
    const check = () => {
      checkToken(isDesktopKiosk() ? null : storedToken()).then((ok) => { if (live && !ok) revoked(); }, () => {});
    };
    check();
    const id = setInterval(check, RECHECK_MS);
    return () => { live = false; clearInterval(id); };
  }, [screen.kind, revoked]);

  const idleEnabled = screen.kind === 'form' || screen.kind === 'lookup' || screen.kind === 'lookupResult';
  const idle = useIdleReset(idleEnabled, IDLE_MS, IDLE_WARN_MS, home);

  const next = () => { setSeq((n) => n + 1); return seq + 1; };

  let body;
  switch (screen.kind) {
    case 'pairing':
      body = <PairingScreen key={pairToken ?? ''} notice={screen.notice} initialToken={pairToken} onPaired={() => { setPairToken(null); home(); }} />;
      break;
    case 'home':
      body = <HomeScreen onPick={(category) => setScreen({ kind: 'form', category, key: next() })} onLookup={() => setScreen({ kind: 'lookup', key: next() })} />;
      break;
    case 'form':
      body = <ReportForm key={screen.key} initialCategory={screen.category} onCancel={home} onRevoked={revoked}
        onDone={(result) => setScreen({ kind: 'done', result })} />;
      break;
    case 'done':
      body = <Confirmation ticketId={screen.result.ticketId} reference={screen.result.reference} onDone={home} />;
      break;
    case 'lookup':
      body = <LookupForm key={screen.key} onBack={home} onFound={(result, reference) => setScreen({ kind: 'lookupResult', result, reference })} />;
      break;
    case 'lookupResult':
      body = <LookupResultView result={screen.result} reference={screen.reference} onDone={home} onAgain={() => setScreen({ kind: 'lookup', key: next() })} />;
      break;
  }

  const canExit = !!window.campusdesk?.kiosk;
  return (
    <Frame onStartOver={screen.kind === 'home' || screen.kind === 'pairing' || screen.kind === 'done' ? undefined : home} onStaff={canExit ? () => setExitOpen(true) : undefined}>
      <div data-screen={screen.kind}>{body}</div>
      <IdleDialog secondsLeft={idleEnabled ? idle.secondsLeft : null} onStay={idle.touch} onReset={home} />
      {canExit ? <ExitKioskDialog open={exitOpen} onClose={() => setExitOpen(false)} /> : null}
    </Frame>
  );
}
