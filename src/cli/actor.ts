import { userInfo } from 'node:os';

/** Who the audit log names for changes made from the command line: cli:USER. */
export function cliActor(): string {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER; // no passwd entry (some containers)
  }
  return `cli:${user || 'unknown'}`;
}
