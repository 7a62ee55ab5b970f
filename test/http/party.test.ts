// The party journey (issue 19) over HTTP in both session modes: every row of the contract's party section
// (test/support/party-contract.ts). test/redis/party.test.ts runs them against each server-mode store, with the races.
import { closeApps, testApp } from '../support/app';
import { partyContract } from '../support/party-contract';
import { modes } from '../support/sessions';

afterAll(closeApps);

describe.each(modes)('in %s mode', (sessionMode) => {
  partyContract(() => Promise.resolve(testApp({ sessionMode })));
});
