// Every journey the engine serves, in the order the footer and the inspector show them.
import type { Journey, JourneyId } from '../journey';
import { lessonJourney } from './lesson';
import { orderJourney } from './order';

export { lessonJourney, orderJourney };

export const journeys: readonly Journey[] = [lessonJourney, orderJourney];

export function journeyById(id: JourneyId): Journey {
  return id === 'lesson' ? lessonJourney : orderJourney;
}
