// The party journey (issue 19) over HTTP in both session modes: every row of the contract's party section
// (test/support/party-contract.ts). test/redis/party.test.ts runs them against each server-mode store, with the races.
import { closeApps, sessionCookie, testApp } from '../support/app';
import { addGuest, answer, guestList } from '../support/party';
import { partyContract } from '../support/party-contract';
import { modes } from '../support/sessions';
import { Visitor } from '../support/visitor';

afterAll(closeApps);

describe.each(modes)('in %s mode', (sessionMode) => {
  partyContract(() => Promise.resolve(testApp({ sessionMode })));
});

describe('cookie mode: a guest list of long answers reaches the 4,096-byte limit', () => {
  const emoji = (n: number) => '😀'.repeat(n); // 4 bytes of UTF-8 each

  test('the guest that would not fit is refused with a clear page (413); every guest kept before is still there; removing one makes room', async () => {
    const target = testApp({ sessionMode: 'cookie' });
    const visitor = new Visitor();
    const cookieLines: string[] = [];
    const submit = async (path: string, fields: Record<string, string>) => {
      const res = await visitor.submit(target, path, fields);
      const line = sessionCookie(res);
      if (line !== undefined) cookieLines.push(line);
      return res;
    };
    const statusesSeen: number[] = [];
    for (let i = 1; i <= 8 && !statusesSeen.includes(413); i++) {
      statusesSeen.push((await submit('/party/guests/add', { name: `${i} ${emoji(98)}`, diet: emoji(200) })).status);
    }
    const refusedAt = statusesSeen.indexOf(413);
    expect(refusedAt).toBeGreaterThan(0); // at least one long guest fits, and a later one does not
    expect(statusesSeen.slice(0, refusedAt).every((s) => s === 303)).toBe(true);

    const refused = await submit('/party/guests/add', { name: `last ${emoji(95)}`, diet: emoji(200) });
    expect(refused.status).toBe(413);
    expect(refused.text).toContain('does not fit in your cookie');
    expect(refused.text).toContain('4,096 bytes');
    expect(refused.text).toContain('server mode');
    for (const line of cookieLines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(4096);

    // Nothing kept was lost: every guest added before the refusal, with their long answers.
    const kept = await guestList(visitor, target);
    expect(kept.map((g) => g.name)).toEqual(Array.from({ length: refusedAt }, (_, i) => `${i + 1} ${emoji(98)}`));
    expect(kept.every((g) => g.details === `Dietary needs: ${emoji(200)}`)).toBe(true);
    // A change in place still works, and keeps the guest's id.
    const first = kept[0]!;
    expect((await submit(`/party/guests/${first.id}`, { name: 'Ada', diet: '' })).status).toBe(303);
    expect((await guestList(visitor, target))[0]).toEqual({ id: first.id, name: 'Ada', details: 'Dietary needs: None' });
    // Removing a guest makes room for the one refused.
    const [, second] = await guestList(visitor, target);
    expect((await submit(`/party/guests/${second!.id}/remove`, { confirm: 'yes' })).status).toBe(303);
    expect((await submit('/party/guests/add', { name: 'Grace', diet: emoji(100) })).status).toBe(303);
    for (const line of cookieLines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(4096);
  });
});

describe.each(modes)('the inspector and /how-it-works in %s mode', (sessionMode) => {
  test('show the party\'s part like the others: its answers labelled, and its list as the record keeps it', async () => {
    const target = testApp({ sessionMode });
    const visitor = new Visitor();
    await answer(visitor, target, '/page1', { firstName: 'Ada', lastName: 'Lovelace' }, '/page2');
    await answer(visitor, target, '/party/venue', { venue: 'home' }, '/party');
    await addGuest(visitor, target, 'Grace', 'Vegan');
    const [grace] = await guestList(visitor, target);
    for (const path of ['/party', '/how-it-works']) {
      const html = (await visitor.get(target, path)).text;
      expect(html).toContain('<li>Your party: Venue: At home; Grace: Dietary needs: Vegan</li>');
      expect(html).toContain('<li>About you: First name: Ada; Last name: Lovelace</li>');
      // The record (server mode) or the decoded cookie (cookie mode): the guests as an array, each under its own id.
      expect(html).toMatch(new RegExp(`&#34;party&#34;: \\{\\s*&#34;venue&#34;: &#34;home&#34;,\\s*&#34;guests&#34;: \\[\\s*\\{\\s*&#34;id&#34;: &#34;${grace!.id}&#34;,\\s*&#34;name&#34;: &#34;Grace&#34;,\\s*&#34;diet&#34;: &#34;Vegan&#34;`));
    }
  });
});
