import { describe, expect, it } from 'vitest';
import { takingTurnsByTeam } from '../../../src/app/tick';

describe('takingTurnsByTeam', () => {
  it('takes one row of each workspace in turn, each workspace keeping its order', () => {
    const rows = [
      { teamId: 'T1', n: 1 },
      { teamId: 'T1', n: 2 },
      { teamId: 'T1', n: 3 },
      { teamId: 'T2', n: 1 },
      { teamId: 'T3', n: 1 },
      { teamId: 'T3', n: 2 },
    ];
    expect(takingTurnsByTeam(rows).map((r) => `${r.teamId}.${r.n}`)).toEqual([
      'T1.1',
      'T2.1',
      'T3.1',
      'T1.2',
      'T3.2',
      'T1.3',
    ]);
    expect(takingTurnsByTeam([])).toEqual([]);
  });
});
