import type { Task } from '../../../../src/domain/task';

/** Thursday 3 December 2026, 11:00 in Berlin. */
export const NOW = new Date('2026-12-03T10:00:00Z');
export const ZONE = 'Europe/Berlin';
export const LEAD = 'ULEAD';
export const ANA = 'UANA';

export const EVIL_TITLE = '<!channel> & <@U123>';
export const EVIL_TITLE_ESCAPED = '&lt;!channel&gt; &amp; &lt;@U123&gt;';
export const EVIL_TEXT = '<script>alert(1)</script> & <!here>';

let nextId = 100;

export function makeTask(overrides: Partial<Task> = {}): Task {
  const id = overrides.id ?? nextId++;
  return {
    id,
    teamId: 'T1',
    number: overrides.number ?? id - 88,
    title: 'Write launch memo',
    details: null,
    leadId: LEAD,
    ownerId: null,
    status: 'held',
    dueAt: null,
    dueHasTime: false,
    channelId: null,
    threadTs: null,
    source: 'command',
    sourcePermalink: null,
    checkinCadence: 'mwf',
    snoozedUntil: null,
    keptUntil: null,
    lastStatus: null,
    lastStatusAt: null,
    nextCheckinAt: null,
    createdAt: new Date('2026-11-27T09:00:00Z'),
    delegatedAt: null,
    acceptedAt: null,
    doneAt: null,
    droppedAt: null,
    ...overrides,
  };
}

/** A delegated task with everything set. */
export function fullTask(overrides: Partial<Task> = {}): Task {
  return makeTask({
    ownerId: ANA,
    status: 'offered',
    details: 'Two pages, for the board.',
    dueAt: new Date('2026-12-04T16:00:00Z'),
    channelId: 'CLAUNCH',
    sourcePermalink: 'https://example.slack.com/archives/C1/p123',
    delegatedAt: new Date('2026-12-01T09:00:00Z'),
    ...overrides,
  });
}

/** Every string anywhere in a value, with the key it sits under. */
export function allStrings(value: unknown, key = ''): Array<{ key: string; value: string }> {
  if (typeof value === 'string') return [{ key, value }];
  if (Array.isArray(value)) return value.flatMap((v) => allStrings(v, key));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => allStrings(v, k));
  }
  return [];
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every object anywhere in a value (blocks, elements, text objects, …). */
export function allNodes(value: unknown): Node[] {
  if (Array.isArray(value)) return value.flatMap(allNodes);
  if (!isNode(value)) return [];
  return [value, ...Object.values(value).flatMap(allNodes)];
}

/** Every interactive element: buttons, selects, pickers; with the block id of its actions block. */
export function interactiveElements(blocks: unknown[]): Array<{ blockId: string | undefined; element: Node }> {
  const out: Array<{ blockId: string | undefined; element: Node }> = [];
  for (const block of blocks) {
    if (!isNode(block)) continue;
    const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
    const elements = block.type === 'actions' && Array.isArray(block.elements) ? block.elements : [];
    const accessory = block.type === 'section' && isNode(block.accessory) ? [block.accessory] : [];
    for (const element of [...elements, ...accessory]) if (isNode(element)) out.push({ blockId, element });
  }
  return out;
}

/** The mrkdwn/plain text of every section, including fields. */
export function sectionTexts(blocks: unknown[]): string[] {
  return allNodes(blocks)
    .filter((n) => n.type === 'section')
    .flatMap((n) => {
      const texts: string[] = [];
      if (isNode(n.text) && typeof n.text.text === 'string') texts.push(n.text.text);
      if (Array.isArray(n.fields))
        for (const f of n.fields) if (isNode(f) && typeof f.text === 'string') texts.push(f.text);
      return texts;
    });
}
