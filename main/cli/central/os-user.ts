/** Who ran a command that changes central (`institution set`, `kinds set`...): the operating-system account, as the audit names it. */
import { userInfo } from 'node:os';

export function osUser(): string {
  try {
    return `os:${userInfo().username}`;
  } catch {
    return `os:uid-${process.getuid?.() ?? 'unknown'}`;
  }
}
