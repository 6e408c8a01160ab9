import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../../src/sandbox/emulator/workspace';
import { escapeCommandText } from '../../../../src/sandbox/web/actions';
import { SANDBOX, sandboxWorkspace } from '../../../../src/sandbox/web/workspace';

const ws = new Workspace(sandboxWorkspace(), 0);

describe('escapeCommandText: what Slack does to an escaping command’s text', () => {
  it.each([
    [
      'people and channels of the workspace as ids',
      'Memo @ben by Friday #launch',
      `Memo <@${SANDBOX.users.ben}|ben> by Friday <#${SANDBOX.channels.launch}|launch>`,
    ],
    ['names in any case', '@BEN #Team', `<@${SANDBOX.users.ben}|ben> <#${SANDBOX.channels.team}|team>`],
    ['unknown names as typed', 'ask @zed in #nowhere', 'ask @zed in #nowhere'],
    ['an email address is no mention', 'mail ben@example.com', 'mail ben@example.com'],
    ['the control characters as entities', 'a <b> & <!channel>', 'a &lt;b&gt; &amp; &lt;!channel&gt;'],
  ])('%s', (_, typed, sent) => {
    expect(escapeCommandText(ws, typed)).toBe(sent);
  });
});
