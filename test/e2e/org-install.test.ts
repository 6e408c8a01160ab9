import { describe, expect, it } from 'vitest';
import { DEMO, demoEnterprise, ORG, OTHER } from '../../src/sandbox';
import { promptTime, promptTo, tickAt } from '../support/mornings';
import { installThroughSlack, startOAuthBaton } from '../support/oauth';
import { settled } from '../support/settled';
import { viewOpenedFor } from '../support/slack';

const A = DEMO.teamId;
const B = OTHER.teamId;
const { lena } = DEMO.users;
const { olga } = OTHER.users;

describe('an Enterprise Grid organization installing Baton org-wide', () => {
  it('one install serves both of its workspaces with the org token: /delegate, the morning prompts; an org uninstall stops them', async () => {
    const t = await startOAuthBaton({ emulator: demoEnterprise() });
    const { page } = await installThroughSlack(t, A, { enterpriseId: ORG.enterpriseId });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Baton is installed');
    expect(page.body).toContain(`Baton is now in ${ORG.name}`);
    const orgToken = t.emulator.orgToken(ORG.enterpriseId);
    expect(orgToken).toBeDefined();
    const rows = await t.baton.db.selectFrom('installations').selectAll().execute();
    expect(rows.map((r) => [r.team_id, r.enterprise_id, r.is_enterprise_install])).toEqual([
      [null, ORG.enterpriseId, true],
    ]);

    // A user of each workspace delegates: each works, with the org token, in their own workspace.
    const callsBefore = t.emulator.calls.length;
    expect((await t.slack.command({ team: A, user: lena, text: 'Renew the domain' })).status).toBe(200);
    expect((await t.slack.command({ team: B, user: olga, text: 'Renew the lease' })).status).toBe(200);
    await t.emulator.waitFor((m) => m.teamId === A && m.ephemeralTo === lena && m.text.includes('Renew the domain'));
    // One after the other, so the lease is her first task (listeners work after their ack, in any order).
    await t.emulator.waitFor((m) => m.teamId === B && m.ephemeralTo === olga && m.text.includes('Renew the lease'));
    expect((await t.slack.command({ team: B, user: olga, text: 'Order new badges' })).status).toBe(200);
    await t.emulator.waitFor((m) => m.teamId === B && m.ephemeralTo === olga && m.text.includes('Order new badges'));
    const atA = await promptTime(t, A, lena);
    const atB = await promptTime(t, B, olga);
    await settled(t.baton);

    // The next morning, both leads are asked, each in their own workspace.
    await tickAt(t, atA);
    await tickAt(t, atB);
    await t.emulator.waitFor(promptTo(A, lena));
    const prompt = await t.emulator.waitFor(promptTo(B, olga));
    // A click and a form from the second workspace go through the same org-wide install.
    await t.slack.click({ user: olga, message: prompt, buttonText: 'Only I can do this' });
    await t.emulator.waitForCall((c) => c.method === 'views.open' && c.teamId === B);
    const modal = await viewOpenedFor(t.emulator, olga);
    expect(modal.teamId).toBe(B);
    await t.slack.viewSubmission({
      team: B,
      user: olga,
      view: modal.id,
      values: { keep_reason: { keep_reason: { type: 'plain_text_input', value: 'Needs my signature' } } },
    });
    await expect
      .poll(() => JSON.stringify(t.emulator.messages((m) => m.teamId === B && m.ts === prompt.ts)[0]?.blocks))
      .toMatch(/Renew the lease.*kept by.*Needs my signature/);
    await settled(t.baton);
    const nextA = await promptTime(t, A, lena);
    const nextB = await promptTime(t, B, olga);
    expect(nextA.getTime()).toBeGreaterThan(atA.getTime());

    const calls = t.emulator.calls.slice(callsBefore).filter((c) => c.token);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.token, call.method).toBe(orgToken);
      expect(call.enterpriseId, call.method).toBe(ORG.enterpriseId);
      expect(call.status, `${call.method} ${JSON.stringify(call.response)}`).toBe(200);
      expect((call.response as { ok?: boolean }).ok, `${call.method} ${JSON.stringify(call.response)}`).toBe(true);
    }
    const posts = calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.some((c) => c.teamId === A && c.params.channel === lena)).toBe(true);
    expect(posts.some((c) => c.teamId === B && c.params.channel === olga)).toBe(true);

    // Both workspaces are recorded under the organization; their members are synced.
    const workspaces = await t.baton.db.selectFrom('workspaces').select(['team_id', 'enterprise_id']).execute();
    expect(workspaces.sort((x, y) => x.team_id.localeCompare(y.team_id))).toEqual([
      { team_id: A, enterprise_id: ORG.enterpriseId },
      { team_id: B, enterprise_id: ORG.enterpriseId },
    ]);
    await expect.poll(() => t.baton.deps.people.find(B, OTHER.users.pat)).toBeDefined();

    // The organization removes Baton: its installation goes at once, and nothing is asked of Slack again.
    const answers = await t.slack.uninstallOrganization(ORG.enterpriseId);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await expect.poll(() => t.baton.db.selectFrom('installations').select('id').execute()).toEqual([]);
    await expect
      .poll(async () =>
        (await t.baton.db.selectFrom('workspaces').select('uninstalled_at').execute()).map((w) => w.uninstalled_at),
      )
      .toEqual([expect.any(Date), expect.any(Date)]);
    // Prompts posted (olga's first one now reads "kept by", so they are counted as sent).
    const prompts = () =>
      t.emulator.calls.filter(
        (c) =>
          c.method === 'chat.postMessage' &&
          (c.response as { ok?: boolean }).ok &&
          /You're holding/.test(String(c.params.text)),
      ).length;
    expect(prompts()).toBe(2);
    const callsAfterUninstall = t.emulator.calls.length;
    const nextMorning = new Date(Math.max(nextA.getTime(), nextB.getTime()));
    await tickAt(t, nextMorning);
    await settled(t.baton);
    expect(t.emulator.calls.slice(callsAfterUninstall)).toEqual([]);
    expect(prompts()).toBe(2);

    // Installed org-wide again within the retention: both workspaces are served again, before anyone types.
    const again = await installThroughSlack(t, B, { enterpriseId: ORG.enterpriseId });
    expect(again.page.status).toBe(200);
    const newToken = t.emulator.orgToken(ORG.enterpriseId);
    expect(newToken).not.toBe(orgToken);
    const callsAfterReinstall = t.emulator.calls.length;
    await tickAt(t, new Date(nextMorning.getTime() + 2 * 60_000));
    await expect.poll(prompts).toBe(4);
    await settled(t.baton);
    const later = t.emulator.calls.slice(callsAfterReinstall).filter((c) => c.token);
    expect(later.every((c) => c.token === newToken)).toBe(true);
    expect(t.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  it('a workspace the organization takes from the org-wide install stops being served; given back, it is again', async () => {
    const t = await startOAuthBaton({ emulator: demoEnterprise() });
    await installThroughSlack(t, A, { enterpriseId: ORG.enterpriseId });
    expect((await t.slack.command({ team: A, user: lena, text: 'Renew the domain' })).status).toBe(200);
    await t.emulator.waitFor((m) => m.teamId === A && m.ephemeralTo === lena && m.text.includes('Renew the domain'));
    expect((await t.slack.command({ team: B, user: olga, text: 'Renew the lease' })).status).toBe(200);
    await t.emulator.waitFor((m) => m.teamId === B && m.ephemeralTo === olga && m.text.includes('Renew the lease'));
    await settled(t.baton);
    const uninstalledAt = async () =>
      Object.fromEntries(
        (await t.baton.db.selectFrom('workspaces').select(['team_id', 'uninstalled_at']).execute()).map((w) => [
          w.team_id,
          w.uninstalled_at,
        ]),
      );

    // The organization takes B away: B is uninstalled (its data kept), A is served as before.
    expect((await t.slack.changeTeamAccess(ORG.enterpriseId, [B], false)).status).toBe(200);
    await expect.poll(uninstalledAt).toEqual({ [A]: null, [B]: expect.any(Date) });
    const atA = await promptTime(t, A, lena);
    const atB = await promptTime(t, B, olga);
    const morning = new Date(Math.max(atA.getTime(), atB.getTime()));
    await tickAt(t, morning);
    await t.emulator.waitFor(promptTo(A, lena));
    await settled(t.baton);
    expect(t.emulator.messages(promptTo(B, olga))).toEqual([]);
    // Nothing was asked of Slack in B, where the org token has no access any more.
    expect(t.emulator.calls.filter((c) => c.teamId === B && (c.response as { ok?: boolean }).ok === false)).toEqual([]);

    // Given back: B is served again, its members synced, and its lead asked at the next tick.
    expect((await t.slack.changeTeamAccess(ORG.enterpriseId, [B], true)).status).toBe(200);
    await expect.poll(uninstalledAt).toEqual({ [A]: null, [B]: null });
    await tickAt(t, new Date(morning.getTime() + 60_000));
    await t.emulator.waitFor(promptTo(B, olga));
    // The same grant again (Slack retries events) changes nothing.
    expect((await t.slack.changeTeamAccess(ORG.enterpriseId, [B], true)).status).toBe(200);
    await settled(t.baton);
    expect(t.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});
