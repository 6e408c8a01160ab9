/**
 * "Who could own this?": up to three people for a held task in the morning prompt, ranked by how
 * much of this kind of work they already finished for this lead, how reliably, and how busy they are.
 *
 * Only the lead's own history counts. A person is suggested only when they FINISHED at least one
 * task for this lead whose title shares a word with this one: no overlap, no suggestion (fewer than
 * three rather than random people). The lead, bots and deactivated people are never suggested.
 *
 * score = 4 × similarity + 4 × (onTimeRate − 0.5) − openLoad, rounded to 2 decimals, where
 * - similarity sums, over their finished tasks for this lead that share a word, the Dice
 *   coefficient of the two titles' word sets (2·shared / (|a| + |b|)), capped at 3;
 * - onTimeRate is the share of those finished tasks (all of them, similar or not) that had a due
 *   date and were done at or before it; with no due dates it is unknown and counts as 0.5 (neutral);
 * - openLoad is the number of open tasks they own now, across leads.
 * Ties go to the smaller user id.
 */

import type { Person } from './person';
import type { TaskStatus } from './task';

export interface HistoryEntry {
  title: string;
  ownerId: string;
  leadId: string;
  doneAt: Date | null;
  dueAt: Date | null;
  status: TaskStatus;
}

/** A person who could be suggested; openLoad = open tasks they own now. */
export interface Candidate {
  person: Person;
  openLoad: number;
}

export interface OwnerSuggestion {
  userId: string;
  score: number;
  reasons: string[];
}

export const DEFAULT_SUGGESTION_LIMIT = 3;

const SIMILARITY_WEIGHT = 4;
const SIMILARITY_CAP = 3;
const ON_TIME_WEIGHT = 4;

const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'to',
  'for',
  'of',
  'and',
  'or',
  'on',
  'in',
  'at',
  'by',
  'from',
  'with',
  'about',
  'into',
  'our',
  'my',
  'your',
  'their',
  'we',
  'i',
  'me',
  'us',
  'it',
  'its',
  'is',
  'be',
  'this',
  'that',
  'these',
  'those',
  'up',
]);

/** The content words of a title: lowercase, punctuation stripped, stop words dropped, trailing plural 's' removed. */
export function titleWords(title: string): Set<string> {
  const words = new Set<string>();
  const cleaned = title
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ');
  for (const raw of cleaned.split(' ')) {
    if (raw === '' || STOP_WORDS.has(raw)) continue;
    words.add(stem(raw));
  }
  return words;
}

/**
 * The words of a finished task's title, worked out once per entry: the Home and the morning prompt
 * ask about several held tasks against the same 500 finished ones.
 */
const entryWords = new WeakMap<HistoryEntry, Set<string>>();
function wordsOf(entry: HistoryEntry): Set<string> {
  let words = entryWords.get(entry);
  if (!words) {
    words = titleWords(entry.title);
    entryWords.set(entry, words);
  }
  return words;
}

function stem(word: string): string {
  // "tasks" → "task", "slides" → "slide"; keep "class", "bus", "is".
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return (2 * shared) / (a.size + b.size);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function suggestOwners(
  task: { title: string; leadId: string },
  history: readonly HistoryEntry[],
  candidates: readonly Candidate[],
  opts: { limit?: number } = {},
): OwnerSuggestion[] {
  const limit = opts.limit ?? DEFAULT_SUGGESTION_LIMIT;
  if (!(limit > 0)) return [];
  const words = titleWords(task.title);
  if (words.size === 0) return [];

  const finished = new Map<string, HistoryEntry[]>();
  for (const entry of history) {
    if (entry.leadId !== task.leadId || entry.status !== 'done') continue;
    const list = finished.get(entry.ownerId);
    if (list) list.push(entry);
    else finished.set(entry.ownerId, [entry]);
  }

  const seen = new Set<string>();
  const out: OwnerSuggestion[] = [];
  for (const { person, openLoad } of candidates) {
    if (seen.has(person.id)) continue;
    seen.add(person.id);
    if (person.id === task.leadId || person.isBot || person.isDeleted) continue;
    const done = finished.get(person.id) ?? [];

    let similar = 0;
    let similarity = 0;
    let withDue = 0;
    let onTime = 0;
    for (const entry of done) {
      const s = dice(words, wordsOf(entry));
      if (s > 0) {
        similar++;
        similarity += s;
      }
      if (entry.dueAt !== null && entry.doneAt !== null) {
        withDue++;
        if (entry.doneAt.getTime() <= entry.dueAt.getTime()) onTime++;
      }
    }
    if (similar === 0) continue;

    const load = Math.max(0, openLoad);
    const rate = withDue > 0 ? onTime / withDue : null;
    const raw =
      SIMILARITY_WEIGHT * Math.min(similarity, SIMILARITY_CAP) + ON_TIME_WEIGHT * ((rate ?? 0.5) - 0.5) - load;
    const reasons = [`finished ${plural(similar, 'similar task', 'similar tasks')}`];
    if (rate !== null) reasons.push(`on time ${Math.round(rate * 100)}%`);
    reasons.push(load === 0 ? 'no open tasks' : plural(load, 'open task', 'open tasks'));
    out.push({ userId: person.id, score: Math.round(raw * 100) / 100, reasons });
  }

  out.sort((a, b) => b.score - a.score || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  return out.slice(0, limit);
}
