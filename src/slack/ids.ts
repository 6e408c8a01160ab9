/** Slash commands, action ids, callback ids: the strings Slack sends back to us. */
export const COMMAND = '/delegate';
