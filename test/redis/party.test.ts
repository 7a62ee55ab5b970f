// The party journey against every server-mode store: the contract's rows (test/support/party-contract.ts), and the guest
// list's races, each held deterministically (a body held back over a raw socket) and then run many at once.
import request from 'supertest';
import { csrfFrom } from '../support/app';
import { closeServers, listening } from '../support/hostile';
import { addGuest, guestList } from '../support/party';
import { partyContract } from '../support/party-contract';
import { heldPost } from '../support/race';
import { describeEachStore, watchLoads } from '../support/stores';
import { Visitor } from '../support/visitor';

describeEachStore((fixture) => {
  describe('the contract', () => {
    partyContract(async () => (await fixture().app()).app);
  });

  describe('two tabs at once', () => {
    afterEach(closeServers);

    async function withGuests(...names: string[]) {
      const { app, store } = await fixture().app();
      const server = await listening(app);
      const visitor = new Visitor();
      for (const name of names) await addGuest(visitor, server, name);
      const token = csrfFrom((await visitor.get(server, '/party/guests/add')).text);
      /** `held` reads the session, `other` runs to the end, then `held` finishes: its change is re-applied to the newer record. */
      async function race(held: [string, Record<string, string>], other: [string, Record<string, string>]) {
        const loaded = watchLoads(store).nextLoad();
        const slow = heldPost(server, held[0], visitor.cookie ?? '', held[1]);
        await loaded;
        const fast = await request(server).post(other[0]).set('Cookie', visitor.cookie ?? '').type('form').send(other[1]);
        slow.release();
        return { fast, slow: await slow.response };
      }
      return { server, visitor, token, guests: await guestList(visitor, server), race };
    }

    test('two guests added at once are both kept', async () => {
      const { server, visitor, token, race } = await withGuests('Ada');
      const { fast, slow } = await race(['/party/guests/add', { name: 'Grace', _csrf: token }], ['/party/guests/add', { name: 'Alan', _csrf: token }]);
      expect([fast.status, slow.status]).toEqual([303, 303]);
      expect((await guestList(visitor, server)).map((g) => g.name)).toEqual(['Ada', 'Alan', 'Grace']);
    });

    test('a guest removed while another tab changes a different guest: the change is kept', async () => {
      const { server, visitor, token, guests, race } = await withGuests('Ada', 'Grace');
      const [ada, grace] = guests;
      const { fast, slow } = await race([`/party/guests/${ada!.id}/remove`, { confirm: 'yes', _csrf: token }], [`/party/guests/${grace!.id}`, { name: 'Grace Hopper', diet: 'Vegan', _csrf: token }]);
      expect([fast.status, slow.status]).toEqual([303, 303]);
      expect(await guestList(visitor, server)).toEqual([{ id: grace!.id, name: 'Grace Hopper', details: 'Dietary needs: Vegan' }]);
    });

    test('a guest changed in one tab while another removes that guest: removed, and the changing tab is told (404), never brought back', async () => {
      const { server, visitor, token, guests, race } = await withGuests('Ada', 'Grace');
      const [ada] = guests;
      const { fast, slow } = await race([`/party/guests/${ada!.id}`, { name: 'Ada King', diet: '', _csrf: token }], [`/party/guests/${ada!.id}/remove`, { confirm: 'yes', _csrf: token }]);
      expect(fast.status).toBe(303);
      expect(slow.status).toBe(404);
      expect(slow.text).toContain('That guest is not on your list');
      expect(slow.text).toContain('removed, perhaps in another tab or window');
      expect((await guestList(visitor, server)).map((g) => g.name)).toEqual(['Grace']);
    });

    test('a guest removed in one tab while another changes that guest first: still removed', async () => {
      const { server, visitor, token, guests, race } = await withGuests('Ada', 'Grace');
      const [ada] = guests;
      const { fast, slow } = await race([`/party/guests/${ada!.id}/remove`, { confirm: 'yes', _csrf: token }], [`/party/guests/${ada!.id}`, { name: 'Ada King', diet: '', _csrf: token }]);
      expect([fast.status, slow.status]).toEqual([303, 303]);
      expect((await guestList(visitor, server)).map((g) => g.name)).toEqual(['Grace']);
    });

    test('many at once: six guests added together are all kept; a change and a remove of different guests together both land', async () => {
      const { server, visitor, token } = await withGuests('Ada', 'Grace');
      const post = (path: string, fields: Record<string, string>) => request(server).post(path).set('Cookie', visitor.cookie ?? '').type('form').send({ ...fields, _csrf: token });
      const adds = await Promise.all(Array.from({ length: 6 }, (_, i) => post('/party/guests/add', { name: `Guest ${i + 1}` })));
      expect(adds.map((r) => r.status)).toEqual(Array(6).fill(303));
      const names = (await guestList(visitor, server)).map((g) => g.name);
      expect(names).toHaveLength(8);
      expect(new Set(names)).toEqual(new Set(['Ada', 'Grace', ...Array.from({ length: 6 }, (_, i) => `Guest ${i + 1}`)]));
      for (let round = 0; round < 3; round++) {
        const [first, second] = await guestList(visitor, server);
        const results = await Promise.all([post(`/party/guests/${first!.id}/remove`, { confirm: 'yes' }), post(`/party/guests/${second!.id}`, { name: `Changed ${round}` })]);
        expect(results.map((r) => r.status)).toEqual([303, 303]);
        const after = await guestList(visitor, server);
        expect(after.find((g) => g.id === first!.id)).toBeUndefined();
        expect(after.find((g) => g.id === second!.id)?.name).toBe(`Changed ${round}`);
      }
    });
  });
});
