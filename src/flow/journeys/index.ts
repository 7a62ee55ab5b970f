// The registry: every journey the app serves, in the order the home page, the footer and the inspector show them.
// Adding a journey is one file in this folder and one line in this list.
import type { Journey } from '../journey';
import { paths } from '../paths';
import { checkJourneys } from '../registry';
import { lessonJourney } from './lesson';
import { orderJourney } from './order';
import { partyJourney } from './party';

export { lessonJourney, orderJourney, partyJourney };

/** Checked here, at start-up: ids, base paths and page URLs each used once, and none of the app's own URLs taken. */
export const journeys: readonly Journey[] = checkJourneys([lessonJourney, orderJourney, partyJourney], Object.values(paths));
