import { describe, expect, it } from 'vitest';
import { type Candidate, type HistoryEntry, suggestOwners, titleWords } from '../../../src/domain/owner-suggestions';
import type { Person } from '../../../src/domain/person';
import type { TaskStatus } from '../../../src/domain/task';

// score = 4 × min(Σ Dice over similar finished tasks, 3) + 4 × (onTimeRate − 0.5, 0 when unknown) − openLoad
// Task "Launch memos" → {launch, memo}. Dice with {draft, launch, memo} = 4/5 = 0.8; with {launch, plan} = 2/4 = 0.5;
// with {launch, memo} = 1.

const LEAD = 'UL1';
const OTHER_LEAD = 'UL2';
const TASK = { title: 'Launch memos', leadId: LEAD };

function person(id: string, extra: Partial<Person> = {}): Person {
  return { teamId: 'T1', id, name: id, timeZone: 'UTC', isBot: false, isDeleted: false, ...extra };
}

function cand(id: string, openLoad = 0, extra: Partial<Person> = {}): Candidate {
  return { person: person(id, extra), openLoad };
}

function done(
  ownerId: string,
  title: string,
  due?: string,
  doneAt = '2026-11-10T12:00:00Z',
  leadId = LEAD,
): HistoryEntry {
  return {
    title,
    ownerId,
    leadId,
    status: 'done',
    doneAt: new Date(doneAt),
    dueAt: due === undefined ? null : new Date(due),
  };
}

function open(ownerId: string, title: string, status: TaskStatus): HistoryEntry {
  return { title, ownerId, leadId: LEAD, status, doneAt: null, dueAt: null };
}

describe('titleWords', () => {
  it.each([
    ['Launch memos', ['launch', 'memo']],
    ['Update the onboarding docs!', ['update', 'onboarding', 'doc']],
    ["Fix our team's CI — again, for Q3", ['fix', 'team', 'ci', 'again', 'q3']],
    ['Review class notes with the bus crew', ['review', 'class', 'note', 'bus', 'crew']],
    ['to the a an of and on in with our my', []],
  ] as const)('%j', (title, expected) => {
    expect([...titleWords(title)]).toEqual(expected);
  });
});

describe('suggestOwners', () => {
  it('ranks by similarity, on-time rate and load, and explains why', () => {
    const history = [
      done('UA', 'Draft the launch memo', '2026-11-10T00:00:00Z', '2026-11-09T12:00:00Z'),
      done('UA', 'Launch plan', '2026-11-20T00:00:00Z', '2026-11-21T12:00:00Z'),
      done('UB', 'Launch memo'),
      done('UC', 'Launch plan', '2026-11-20T00:00:00Z', '2026-11-19T12:00:00Z'),
      done('UD', 'Book flights'),
    ];
    const candidates = [cand('UD'), cand('UC'), cand('UB'), cand('UA', 1)];
    expect(suggestOwners(TASK, history, candidates)).toEqual([
      { userId: 'UA', score: 4.2, reasons: ['finished 2 similar tasks', 'on time 50%', '1 open task'] },
      { userId: 'UB', score: 4, reasons: ['finished 1 similar task', 'no open tasks'] },
      { userId: 'UC', score: 4, reasons: ['finished 1 similar task', 'on time 100%', 'no open tasks'] },
    ]);
  });

  it('ranks a higher-load person lower at equal overlap', () => {
    const history = [done('UE', 'Launch memo'), done('UF', 'Launch memo')];
    expect(suggestOwners(TASK, history, [cand('UE', 2), cand('UF', 0)])).toEqual([
      { userId: 'UF', score: 4, reasons: ['finished 1 similar task', 'no open tasks'] },
      { userId: 'UE', score: 2, reasons: ['finished 1 similar task', '2 open tasks'] },
    ]);
  });

  it('never suggests the lead, bots or deactivated people', () => {
    const history = [
      done(LEAD, 'Launch memo'),
      done('UBOT', 'Launch memo'),
      done('UGONE', 'Launch memo'),
      done('UOK', 'Launch plan'),
    ];
    const candidates = [
      cand(LEAD),
      cand('UBOT', 0, { isBot: true }),
      cand('UGONE', 0, { isDeleted: true }),
      cand('UOK'),
    ];
    expect(suggestOwners(TASK, history, candidates).map((s) => s.userId)).toEqual(['UOK']);
  });

  it("ignores other leads' history, for overlap and for on-time rate", () => {
    const history = [
      done('UG', 'Launch memo', undefined, undefined, OTHER_LEAD),
      done('UH', 'Launch memo'),
      done('UH', 'Launch memo', '2026-11-01T00:00:00Z', '2026-11-05T00:00:00Z', OTHER_LEAD),
    ];
    expect(suggestOwners(TASK, history, [cand('UG'), cand('UH')])).toEqual([
      { userId: 'UH', score: 4, reasons: ['finished 1 similar task', 'no open tasks'] },
    ]);
  });

  it('counts only finished tasks; open or dropped ones are not history', () => {
    const history = [
      open('UI', 'Launch memo', 'accepted'),
      open('UI', 'Launch memo', 'offered'),
      open('UJ', 'Launch memo', 'dropped'),
    ];
    expect(suggestOwners(TASK, history, [cand('UI'), cand('UJ')])).toEqual([]);
  });

  it('returns fewer than three rather than people without overlap', () => {
    const history = [done('UA', 'Launch memo'), done('UB', 'Book flights'), done('UC', 'Plan the offsite')];
    expect(suggestOwners(TASK, history, [cand('UA'), cand('UB'), cand('UC'), cand('UZ')]).map((s) => s.userId)).toEqual(
      ['UA'],
    );
  });

  it('the on-time rate counts all finished tasks with a due date, done at the due instant is on time', () => {
    const history = [
      done('UK', 'Launch memo'),
      done('UK', 'Book flights', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'),
      done('UM', 'Launch memo', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z'),
    ];
    expect(suggestOwners(TASK, history, [cand('UK'), cand('UM')])).toEqual([
      { userId: 'UM', score: 6, reasons: ['finished 1 similar task', 'on time 100%', 'no open tasks'] },
      { userId: 'UK', score: 2, reasons: ['finished 1 similar task', 'on time 0%', 'no open tasks'] },
    ]);
  });

  it('caps similarity so a long history does not drown out load', () => {
    const history = [1, 2, 3, 4, 5].map(() => done('UN', 'Launch memo'));
    expect(suggestOwners(TASK, history, [cand('UN', 3)])).toEqual([
      { userId: 'UN', score: 9, reasons: ['finished 5 similar tasks', '3 open tasks'] },
    ]);
  });

  it('breaks ties by user id whatever the candidate order', () => {
    const history = [done('UQ', 'Launch memo'), done('UP', 'Launch memo'), done('UR', 'Launch memo')];
    const expected = ['UP', 'UQ', 'UR'];
    expect(suggestOwners(TASK, history, [cand('UR'), cand('UQ'), cand('UP')]).map((s) => s.userId)).toEqual(expected);
    expect(suggestOwners(TASK, history, [cand('UP'), cand('UR'), cand('UQ')]).map((s) => s.userId)).toEqual(expected);
  });

  it('honours the limit (default 3)', () => {
    const history = ['UA', 'UB', 'UC', 'UD', 'UE'].map((id) => done(id, 'Launch memo'));
    const candidates = ['UA', 'UB', 'UC', 'UD', 'UE'].map((id) => cand(id));
    expect(suggestOwners(TASK, history, candidates).map((s) => s.userId)).toEqual(['UA', 'UB', 'UC']);
    expect(suggestOwners(TASK, history, candidates, { limit: 1 }).map((s) => s.userId)).toEqual(['UA']);
    expect(suggestOwners(TASK, history, candidates, { limit: 5 }).map((s) => s.userId)).toEqual([
      'UA',
      'UB',
      'UC',
      'UD',
      'UE',
    ]);
    expect(suggestOwners(TASK, history, candidates, { limit: 0 })).toEqual([]);
  });

  it('matches through stop words, punctuation, case and plurals', () => {
    const history = [done('UA', 'Onboarding doc update!')];
    expect(suggestOwners({ title: 'Update the onboarding docs', leadId: LEAD }, history, [cand('UA')])).toEqual([
      { userId: 'UA', score: 4, reasons: ['finished 1 similar task', 'no open tasks'] },
    ]);
  });

  it('suggests no one for a title of only stop words; one content word is enough', () => {
    expect(suggestOwners({ title: 'Do it', leadId: LEAD }, [done('UA', 'Do it')], [cand('UA')])).toEqual([
      { userId: 'UA', score: 4, reasons: ['finished 1 similar task', 'no open tasks'] },
    ]);
    expect(suggestOwners({ title: 'to the', leadId: LEAD }, [done('UA', 'to the')], [cand('UA')])).toEqual([]);
  });
});
