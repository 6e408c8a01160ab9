import { describe, expect, it } from 'vitest';
import { type DelegateCommand, parseDelegateCommand } from '../../../src/domain/delegate-command';

const LONG_TITLE = 'x'.repeat(201);
const MAX_TITLE = 'y'.repeat(200);

const rows: Array<[text: string, expected: DelegateCommand]> = [
  // Commands: a command word counts only as the whole text (done/drop: plus one number-ish token)
  ['', { kind: 'modal' }],
  ['   ', { kind: 'modal' }],
  ['help', { kind: 'help' }],
  ['?', { kind: 'help' }],
  ['HELP ', { kind: 'help' }],
  ['list', { kind: 'list' }],
  ['LIST', { kind: 'list' }],
  ['ls', { kind: 'list' }],
  ['Settings', { kind: 'settings' }],
  ['list the vendors', { kind: 'capture', title: 'list the vendors' }],
  ['help Sam move desks', { kind: 'capture', title: 'help Sam move desks' }],
  ['done #12', { kind: 'done', number: 12 }],
  ['done 12', { kind: 'done', number: 12 }],
  ['Drop #7', { kind: 'drop', number: 7 }],
  ['reopen #7', { kind: 'reopen', number: 7 }],
  ['Reopen 7', { kind: 'reopen', number: 7 }],
  ['reopen', { kind: 'error', error: { kind: 'number_missing', command: 'reopen' } }],
  ['reopen #x', { kind: 'error', error: { kind: 'not_a_number', typed: '#x', command: 'reopen' } }],
  ['reopne', { kind: 'error', error: { kind: 'unknown_command', typed: 'reopne', meant: 'reopen' } }],
  ['reopen the office on Monday', { kind: 'capture', title: 'reopen the office on Monday' }],
  ['done', { kind: 'error', error: { kind: 'number_missing', command: 'done' } }],
  ['done #0', { kind: 'error', error: { kind: 'not_a_number', typed: '#0', command: 'done' } }],
  ['drop #abc', { kind: 'error', error: { kind: 'not_a_number', typed: '#abc', command: 'drop' } }],
  ['done 1.5', { kind: 'error', error: { kind: 'not_a_number', typed: '1.5', command: 'done' } }],
  ['drop abc', { kind: 'capture', title: 'drop abc' }],
  ['drop off the parcel at the post office', { kind: 'capture', title: 'drop off the parcel at the post office' }],

  // Captures: owners, channels, due phrases
  [
    'Write launch memo <@U0ANA|ana> by friday',
    { kind: 'capture', title: 'Write launch memo', ownerId: 'U0ANA', duePhrase: 'friday' },
  ],
  [
    'Write memo <@U0ANA> <#C123ABC|launch> by Friday',
    { kind: 'capture', title: 'Write memo', ownerId: 'U0ANA', channelId: 'C123ABC', duePhrase: 'Friday' },
  ],
  [
    'Write memo by tomorrow 3pm <@U0ANA|ana> <#C1ABC|>',
    { kind: 'capture', title: 'Write memo', ownerId: 'U0ANA', channelId: 'C1ABC', duePhrase: 'tomorrow 3pm' },
  ],
  ['Plan the offsite', { kind: 'capture', title: 'Plan the offsite' }],
  ['Plan the offsite <#C9ZZZ>', { kind: 'capture', title: 'Plan the offsite', channelId: 'C9ZZZ' }],
  ['Plan the offsite <#G0PRIV1|leads>', { kind: 'capture', title: 'Plan the offsite', channelId: 'G0PRIV1' }],
  ['Ship the beta due whenever-ish', { kind: 'capture', title: 'Ship the beta', duePhrase: 'whenever-ish' }],
  ['Ship the beta by whenever-ish', { kind: 'capture', title: 'Ship the beta by whenever-ish' }],
  ['lsit', { kind: 'error', error: { kind: 'unknown_command', typed: 'lsit', meant: 'list' } }],
  ['setings', { kind: 'error', error: { kind: 'unknown_command', typed: 'setings', meant: 'settings' } }],
  ['hlep', { kind: 'error', error: { kind: 'unknown_command', typed: 'hlep', meant: 'help' } }],
  ['deploy', { kind: 'capture', title: 'deploy' }],
  ['hello', { kind: 'capture', title: 'hello' }],
  [
    'Tell <!channel> about the launch <@U1ANA|ana>',
    { kind: 'capture', title: 'Tell <!channel> about the launch', ownerId: 'U1ANA' },
  ],
  ['<!here> is a title too', { kind: 'capture', title: '<!here> is a title too' }],
  ['Review copy by marketing <@U1ANA>', { kind: 'capture', title: 'Review copy by marketing', ownerId: 'U1ANA' }],
  [
    'Sign off by legal by Friday <@U1ANA>',
    { kind: 'capture', title: 'Sign off by legal', ownerId: 'U1ANA', duePhrase: 'Friday' },
  ],
  [
    'Finish by Friday by marketing',
    { kind: 'capture', title: 'Finish by Friday by marketing' }, // the LAST `by` decides, and it is no date
  ],
  ['Report due tomorrow', { kind: 'capture', title: 'Report', duePhrase: 'tomorrow' }],
  ['Invoice due by 12/3', { kind: 'capture', title: 'Invoice', duePhrase: '12/3' }],
  ['Write memo, by Friday.', { kind: 'capture', title: 'Write memo', duePhrase: 'Friday.' }],
  ['Pay invoice by yesterday', { kind: 'capture', title: 'Pay invoice', duePhrase: 'yesterday' }], // app says "in the past"
  ['Write memo by <@U1ANA> friday', { kind: 'capture', title: 'Write memo by friday', ownerId: 'U1ANA' }],
  [
    'Fix R&amp;D doc &lt;draft&gt; @bob by eow',
    { kind: 'capture', title: 'Fix R&D doc <draft>', ownerName: 'bob', duePhrase: 'eow' },
  ],
  ['email ana@example.com the deck', { kind: 'capture', title: 'email ana@example.com the deck' }],
  [
    'Read <https://example.com/spec|the spec> <@U1ANA>',
    { kind: 'capture', title: 'Read the spec (https://example.com/spec)', ownerId: 'U1ANA' },
  ],
  ['Read <https://example.com>', { kind: 'capture', title: 'Read https://example.com' }],
  [
    'Cover <#C1AAA|launch> and <#C2BBB|ops> due eom',
    { kind: 'capture', title: 'Cover and #ops', channelId: 'C1AAA', duePhrase: 'eom' },
  ],
  ['Same owner twice <@U1ANA|ana> and <@U1ANA>', { kind: 'capture', title: 'Same owner twice and', ownerId: 'U1ANA' }],
  [
    'Ask <!subteam^S123|@design> for review <@U1ANA>',
    { kind: 'capture', title: 'Ask <!subteam^S123|@design> for review', ownerId: 'U1ANA' },
  ],
  [MAX_TITLE, { kind: 'capture', title: MAX_TITLE }],

  // Errors
  ['Plan <@U1ANA|ana> <@U2BOB|bob>', { kind: 'error', error: { kind: 'several_owners', count: 2 } }],
  ['Plan <@U1ANA> with @bob', { kind: 'error', error: { kind: 'several_owners', count: 2 } }],
  [
    'Review the deck <!subteam^S123|@design>',
    {
      kind: 'error',
      error: { kind: 'group_owner', name: '@design' },
    },
  ],
  ['<@U1ANA|ana> by friday', { kind: 'error', error: { kind: 'title_missing' } }],
  ['<@U1ANA> <#C1AAA|launch>', { kind: 'error', error: { kind: 'title_missing' } }],
  [LONG_TITLE, { kind: 'error', error: { kind: 'title_too_long', length: 201 } }],
  [`${LONG_TITLE} <@U1ANA> by Friday`, { kind: 'error', error: { kind: 'title_too_long', length: 201 } }],
];

describe('parseDelegateCommand', () => {
  it.each(rows)('%j', (text, expected) => {
    expect(parseDelegateCommand(text)).toEqual(expected);
  });
});
