import type { App } from '@slack/bolt';
import { COMMAND } from '../ids';
import { onDelegateCommand } from './commands/delegate';

/** Every Bolt listener, registered in one place so the surface of the app is visible at a glance. */
export function registerListeners(app: App): void {
  app.command(COMMAND, onDelegateCommand());
}
