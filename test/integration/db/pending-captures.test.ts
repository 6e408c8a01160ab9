import { describe, expect, it } from 'vitest';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';

const { repos } = useTestRepositories();
const pending = repos.pendingCaptures;

describe('pending captures repository', () => {
  it('keeps the input as given (camelCase keys and all), for its author only', async () => {
    const team = uniqueTeamId();
    const input = { teamId: team, leadId: 'ULEAD', owner: { name: 'ana' }, due: null, sourcePermalink: null };
    const id = await pending.save(team, 'ULEAD', input);
    expect(await pending.find(team, 'ULEAD', id)).toEqual(input);
    expect(await pending.find(team, 'UOTHER', id)).toBeUndefined();
    expect(await pending.find(uniqueTeamId(), 'ULEAD', id)).toBeUndefined();
  });

  it('is taken once: two resolutions racing, one gets it', async () => {
    const team = uniqueTeamId();
    const id = await pending.save(team, 'ULEAD', { title: 'x' });
    expect(await pending.take(team, 'UOTHER', id)).toBeUndefined();
    const taken = await Promise.all([pending.take(team, 'ULEAD', id), pending.take(team, 'ULEAD', id)]);
    expect(taken.filter((t) => t !== undefined)).toEqual([{ title: 'x' }]);
    expect(await pending.find(team, 'ULEAD', id)).toBeUndefined();
  });
});
