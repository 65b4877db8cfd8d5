/**
 * Browser-side hygiene for a shared kiosk. The UI keeps student data in memory only; this clears
 * anything the browser itself might have kept (storage, Cache Storage), and keeps the back action
 * inside the app so that it can never reach an earlier page.
 */
export function clearBrowserTraces(): void {
  try {
    localStorage.clear();
    sessionStorage.clear();
  } catch {
    // Storage can be disabled; then there is nothing to clear.
  }
  if ('caches' in window) {
    void caches
      .keys()
      .then((keys) => Promise.all(keys.map((k) => caches.delete(k))))
      .catch(() => undefined);
  }
}

/** No way out of the app: no context menu, no drag, no text selection, no new windows, no back. */
export function lockDownPage(): void {
  window.addEventListener('contextmenu', (e) => e.preventDefault());
  window.addEventListener('dragstart', (e) => e.preventDefault());
  window.addEventListener('selectstart', (e) => e.preventDefault());
  // Links and middle clicks could open windows or navigate; the kiosk UI has no links to follow.
  window.addEventListener(
    'click',
    (e) => {
      if ((e.target as Element | null)?.closest?.('a[href]')) e.preventDefault();
    },
    true,
  );
  window.addEventListener('auxclick', (e) => e.preventDefault());
  window.open = () => null;
  // The app never adds history entries; one guard entry turns "back" into a no-op.
  history.pushState({ estation: true }, '', location.href);
  window.addEventListener('popstate', () => history.pushState({ estation: true }, '', location.href));
  window.addEventListener('keydown', (e) => {
    // Browser shortcuts that would leave or duplicate the page.
    if (
      (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) ||
      ((e.ctrlKey || e.metaKey) && ['n', 't', 'w', 'p', 's', 'o', 'u'].includes(e.key.toLowerCase()))
    )
      e.preventDefault();
    if (e.key === 'BrowserBack' || e.key === 'F5') e.preventDefault();
  });
}
