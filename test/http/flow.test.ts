import request from 'supertest';
import { closeApps, completeJourney, csrfFrom, sessionCookie, submit, testApp } from '../support/app';

afterAll(closeApps);

describe('the journey', () => {
  test('asks each question, then shows every answer on the summary', async () => {
    const agent = request.agent(testApp());
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('href="/page1"');

    const afterPage1 = await submit(agent, '/page1', { firstName: 'Ada', lastName: 'Lovelace' });
    expect(afterPage1.status).toBe(303);
    expect(afterPage1.headers.location).toBe('/page2');

    const afterPage2 = await submit(agent, '/page2', { favoriteColor: 'teal' });
    expect(afterPage2.status).toBe(303);
    expect(afterPage2.headers.location).toBe('/page3');

    const summary = await agent.get('/page3').expect(200);
    expect(summary.text).toContain('Now I know');
    for (const answer of ['Ada', 'Lovelace', 'teal']) expect(summary.text).toContain(answer);
    expect(summary.text).toContain('href="/page1">Change');
    expect(summary.text).toContain('href="/page2">Change');
  });

  test('prefills each form from the session', async () => {
    const agent = request.agent(testApp());
    await completeJourney(agent, { firstName: 'Grace', lastName: 'Hopper', favoriteColor: 'navy' });
    expect((await agent.get('/page1')).text).toMatch(/id="firstName" name="firstName" value="Grace"/);
    expect((await agent.get('/page2')).text).toMatch(/name="favoriteColor" value="navy"/);
  });

  test('a change made from the summary comes back to the summary', async () => {
    const agent = request.agent(testApp());
    await completeJourney(agent);
    const res = await submit(agent, '/page1', { firstName: 'Augusta', lastName: 'King' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/page3');
    const summary = await agent.get('/page3');
    expect(summary.text).toContain('Augusta');
    expect(summary.text).not.toContain('Ada');
  });

  test('every form is labelled and carries a CSRF token', async () => {
    const agent = request.agent(testApp());
    const page1 = await agent.get('/page1');
    for (const name of ['firstName', 'lastName']) {
      expect(page1.text).toContain(`<label class="field__label" for="${name}">`);
      expect(page1.text).toContain(`id="${name}" name="${name}"`);
    }
    expect(csrfFrom(page1.text)).toMatch(/^[A-Za-z0-9_-]{43}$/); // base64url of an HMAC-SHA256
    await submit(agent, '/page1', { firstName: 'A', lastName: 'B' });
    const page2 = await agent.get('/page2');
    expect(page2.text).toContain('<label class="field__label" for="favoriteColor">');
    // The form, the footer's "Start over", and the session clock's "Keep my session going" (in the footer, and in
    // its warning dialog).
    expect(page2.text.match(/name="_csrf"/g)).toHaveLength(4);
  });
});

describe('guards', () => {
  test('sends a new visitor who skips ahead to page 2 back to page 1', async () => {
    const res = await request(testApp()).get('/page2').expect(303);
    expect(res.headers.location).toBe('/page1');
  });

  test('sends a new visitor who skips ahead to the summary back to page 1', async () => {
    const res = await request(testApp()).get('/page3').expect(303);
    expect(res.headers.location).toBe('/page1');
  });

  test('sends a visitor who answered page 1 from the summary to page 2', async () => {
    const agent = request.agent(testApp());
    await submit(agent, '/page1', { firstName: 'A', lastName: 'B' });
    const res = await agent.get('/page3').expect(303);
    expect(res.headers.location).toBe('/page2');
  });

  test('does not store a page 2 answer posted before page 1 is answered', async () => {
    const agent = request.agent(testApp());
    const page1 = await agent.get('/page1');
    const res = await agent.post('/page2').type('form').send({ favoriteColor: 'vermilion', _csrf: csrfFrom(page1.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/page1');
    expect((await agent.get('/page1')).text).not.toContain('vermilion');
  });
});

describe('invalid answers', () => {
  test('come back with 422, an error summary linking to each field, a message beside it, and the trimmed input', async () => {
    const agent = request.agent(testApp());
    const res = await submit(agent, '/page1', { firstName: '  Ada  ', lastName: '   ' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('<a href="#lastName">Enter your last name</a>');
    expect(res.text).toContain('id="lastName-error"');
    expect(res.text).toMatch(/id="lastName" name="lastName" value=""[\s\S]*aria-invalid="true"/);
    expect(res.text).toContain('name="firstName" value="Ada"');
    expect(res.text).toContain('<title>Error: ');
  });

  test('do not change answers already stored', async () => {
    const agent = request.agent(testApp());
    await completeJourney(agent);
    expect((await submit(agent, '/page2', { favoriteColor: 'x'.repeat(101) })).status).toBe(422);
    expect((await submit(agent, '/page1', { firstName: 'New', lastName: '' })).status).toBe(422);
    const summary = await agent.get('/page3').expect(200);
    expect(summary.text).toContain('teal');
    expect(summary.text).toContain('Ada');
    expect(summary.text).not.toContain('New');
  });

  test.each([
    ['a repeated field', 'firstName=a&firstName=b&lastName=c'],
    ['a bracketed array', 'firstName[]=a&lastName=c'],
    ['a bracketed object', 'firstName[x]=a&lastName=c'],
  ])('treat %s as invalid input (422), not a crash', async (_name, body) => {
    const agent = request.agent(testApp());
    const page = await agent.get('/page1');
    const res = await agent.post('/page1').type('form').send(`${body}&_csrf=${csrfFrom(page.text)}`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('There is a problem');
  });

  test('refuse control characters', async () => {
    const agent = request.agent(testApp());
    const res = await submit(agent, '/page1', { firstName: 'A\u0000da', lastName: 'B' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('must not contain control characters');
  });
});

describe('what users type', () => {
  const attack = '<script>alert("x")</script>&\'';
  const escaped = '&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;&#39;';

  test('is HTML-escaped in the form, the footer and the summary', async () => {
    const agent = request.agent(testApp());
    await completeJourney(agent, { firstName: attack, lastName: attack, favoriteColor: attack });
    for (const path of ['/', '/page1', '/page2', '/page3', '/nowhere']) {
      const res = await agent.get(path);
      expect(res.text).not.toContain('<script>');
      expect(res.text).toContain(escaped);
    }
  });

  test('is HTML-escaped when it comes back with an error', async () => {
    const agent = request.agent(testApp());
    const res = await submit(agent, '/page1', { firstName: attack, lastName: '' });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain('<script>');
    expect(res.text).toContain(`value="${escaped}"`);
  });

  test('may be any Unicode: accents, CJK, emoji', async () => {
    const agent = request.agent(testApp());
    await completeJourney(agent, { firstName: 'José', lastName: '李小龍', favoriteColor: '🟦 blue' });
    const summary = await agent.get('/page3').expect(200);
    for (const answer of ['José', '李小龍', '🟦 blue']) expect(summary.text).toContain(answer);
  });
});

describe('the summary', () => {
  test('offers one "Start over", beside the answers (not again in the footer), a POST form with the token', async () => {
    const agent = request.agent(testApp());
    await completeJourney(agent);
    const html = (await agent.get('/page3').expect(200)).text;
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    expect(main).toMatch(/<form method="post" action="\/start-over"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]+">/);
    expect(html.match(/action="\/start-over"/g)).toHaveLength(1);
  });

  test('each Change link says what it changes, from the field\'s label', async () => {
    const agent = request.agent(testApp());
    await completeJourney(agent);
    const html = (await agent.get('/page3').expect(200)).text;
    expect(html).toContain('href="/page1">Change<span class="visually-hidden"> first name</span></a>');
    expect(html).toContain('href="/page2">Change<span class="visually-hidden"> favourite colour</span></a>');
  });

  test('a page of one question asks it once, as its label and heading; the lesson, which never branches, numbers its questions', async () => {
    const agent = request.agent(testApp());
    await submit(agent, '/page1', { firstName: 'Ada', lastName: 'Lovelace' });
    const page2 = (await agent.get('/page2').expect(200)).text;
    expect(page2).toContain('<label class="field__label" for="favoriteColor"><h1 class="field__heading">What is your favourite colour?</h1></label>');
    expect(page2.match(/What is your favourite colour\?/g)).toHaveLength(2); // the <title> and the label
    expect(page2).toContain('Question 2 of 2');
  });
});

describe('the footer', () => {
  test('lists each stored answer and offers "Start over" once anything is stored', async () => {
    const agent = request.agent(testApp());
    const before = await agent.get('/page1');
    expect(before.text).not.toContain('action="/start-over"');
    await submit(agent, '/page1', { firstName: 'Ada', lastName: 'Lovelace' });
    for (const path of ['/', '/page2', '/missing']) {
      const res = await agent.get(path);
      expect(res.text).toContain('First name: <span class="stored__value">Ada</span>');
      expect(res.text).toContain('Last name: <span class="stored__value">Lovelace</span>');
      expect(res.text).not.toContain('Favourite colour:');
      expect(res.text).toMatch(/<form method="post" action="\/start-over"[\s\S]*name="_csrf"/);
    }
  });
});

describe('cookies', () => {
  test('the home page sets no cookie for a visitor who has stored nothing', async () => {
    const res = await request(testApp()).get('/').expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  test('the first form view sets no session cookie, only the CSRF cookie, with the contract’s flags', async () => {
    const res = await request(testApp()).get('/page1').expect(200);
    expect(sessionCookie(res)).toBeUndefined();
    const cookie = sessionCookie(res, 'flow.csrf');
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(res.headers['set-cookie']).not.toEqual(expect.arrayContaining([expect.stringMatching(/^connect\.sid=/)]));
  });
});
