/**
 * The web-mode kiosk page says "still alive" over its WebSocket every few seconds, so the host's
 * watchdog (main/web/browser-watchdog.ts) can tell a hung or blank page from a working one. One source
 * for the message and the timing, used by the page (renderer/src/api/ws-transport.ts) and the host.
 */
export const PAGE_HEARTBEAT_MESSAGE = '{"heartbeat":1}';
/** How often the page sends it. */
export const PAGE_HEARTBEAT_INTERVAL_MS = 3_000;
/** Silence after which the host counts the page as hung: several missed beats, not one slow one. */
export const PAGE_SILENCE_LIMIT_MS = 20_000;
