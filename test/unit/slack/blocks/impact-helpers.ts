import type { LeadImpact, Load } from '../../../../src/domain/impact';
import { LEAD } from './helpers';

/** A lead's figures with nothing in them, overridable part by part. */
export function quietImpact(over: Partial<LeadImpact> = {}): LeadImpact {
  return {
    leadId: LEAD,
    finishedByTeam: {
      last7Days: { count: 0, previous: 0, change: 0 },
      last30Days: { count: 0, previous: 0, change: 0 },
    },
    held: {
      count: 0,
      taskIds: [],
      oldestCapturedAt: null,
      oldestAgeMs: null,
      weekly: ['W42', 'W43', 'W44', 'W45', 'W46', 'W47', 'W48', 'W49'].map((w) => ({
        weekKey: `2026-${w}`,
        at: new Date('2026-12-03T10:00:00Z'),
        held: 0,
      })),
    },
    delegation: { finished: 0, finishedByTeam: 0, rate: null, accepted: 0, medianToAcceptedMs: null },
    load: emptyLoad(),
    followThrough: {
      checkinsAsked: 0,
      checkinsAnswered: 0,
      answerRate: null,
      finishedWithDue: 0,
      finishedOnTime: 0,
      onTimeRate: null,
      overdue: 0,
    },
    handBacks: { count: 0, tasks: 0, byReason: [], takenBack: 0 },
    ...over,
  };
}

export function emptyLoad(): Load {
  return { owners: [], totalOpen: 0, singlePointsOfFailure: [], stranded: [] };
}

/** Figures with something in every part. */
export function busyImpact(): LeadImpact {
  const quiet = quietImpact();
  return quietImpact({
    finishedByTeam: {
      last7Days: { count: 5, previous: 3, change: 2 },
      last30Days: { count: 18, previous: 21, change: -3 },
    },
    held: {
      ...quiet.held,
      count: 4,
      taskIds: [1, 2, 3, 4],
      oldestCapturedAt: new Date('2026-11-12T09:00:00Z'),
      oldestAgeMs: Date.parse('2026-12-03T10:00:00Z') - Date.parse('2026-11-12T09:00:00Z'),
      weekly: quiet.held.weekly.map((w, i) => ({ ...w, held: 9 - i })),
    },
    delegation: { finished: 20, finishedByTeam: 16, rate: 0.8, accepted: 7, medianToAcceptedMs: 4 * 3_600_000 },
    load: {
      owners: [
        { ownerId: 'UANA', open: 5, overdue: 2, taskIds: [11, 12, 13, 14, 15] },
        { ownerId: 'UBEN', open: 2, overdue: 0, taskIds: [16, 17] },
        { ownerId: 'UCAT', open: 1, overdue: 0, taskIds: [18] },
      ],
      totalOpen: 8,
      singlePointsOfFailure: ['UANA'],
      stranded: [{ ownerId: 'UGONE', taskIds: [19, 20] }],
    },
    followThrough: {
      checkinsAsked: 25,
      checkinsAnswered: 23,
      answerRate: 0.92,
      finishedWithDue: 8,
      finishedOnTime: 6,
      onTimeRate: 0.75,
      overdue: 2,
    },
    handBacks: {
      count: 3,
      tasks: 2,
      byReason: [
        { reason: 'no time this week', count: 2 },
        { reason: 'not my area', count: 1 },
      ],
      takenBack: 1,
    },
  });
}
