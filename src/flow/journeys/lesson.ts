// The lesson's journey: a name, then a favourite colour, then "Now I know…". Its URLs, fields and messages are the seed's.
import { defineJourney } from '../journey';

/** Every text answer of the lesson is 1 to this many characters (Unicode code points) after trimming. */
export const MAX_ANSWER_LENGTH = 100;

export const lessonJourney = defineJourney({
  id: 'lesson',
  label: 'About you',
  basePath: '',
  steps: [
    {
      slug: 'page1',
      title: 'What is your name?',
      fields: [
        { type: 'text', name: 'firstName', label: 'First name', noun: 'your first name', autocomplete: 'given-name', maxLength: MAX_ANSWER_LENGTH },
        { type: 'text', name: 'lastName', label: 'Last name', noun: 'your last name', autocomplete: 'family-name', maxLength: MAX_ANSWER_LENGTH },
      ],
      next: 'page2',
    },
    {
      slug: 'page2',
      title: 'What is your favourite colour?',
      fields: [
        {
          type: 'text',
          name: 'favoriteColor',
          label: 'Favourite colour',
          noun: 'your favourite colour',
          hint: 'Any colour at all, in any words you like.',
          maxLength: MAX_ANSWER_LENGTH,
        },
      ],
      next: 'page3',
    },
  ],
  check: { slug: 'page3', title: 'Now I know…' },
  home: { button: 'Get started' },
});
