// Plan a party: a task list of three sections in any order (a date, a venue with a revealed address, a guest list built
// one guest at a time), then check and send the invitations.
import { defineJourney } from '../journey';

export const partyJourney = defineJourney({
  id: 'party',
  label: 'Your party',
  basePath: '/party',
  steps: [
    {
      slug: 'date',
      title: 'When is the party?',
      fields: [
        { type: 'date', name: 'date', label: 'Date', noun: 'the date of the party', hint: 'For example, 6 3 2027. Today or later, at most a year from today.', earliest: {}, latest: { years: 1 } },
        { type: 'radios', name: 'time', label: 'Time', noun: 'a time of day', options: [{ value: 'afternoon', label: 'Afternoon' }, { value: 'evening', label: 'Evening' }] },
      ],
      next: 'venue',
    },
    {
      slug: 'venue',
      title: 'Where is the party?',
      fields: [
        {
          type: 'radios',
          name: 'venue',
          label: 'Venue',
          noun: 'where the party is',
          options: [
            { value: 'home', label: 'At home' },
            {
              value: 'elsewhere',
              label: 'Somewhere else',
              reveals: [{ type: 'textarea', name: 'venueAddress', label: 'Address of the venue', noun: 'the address of the venue', autocomplete: 'street-address', minLength: 5, maxLength: 200 }],
            },
          ],
        },
      ],
      next: 'guests',
    },
    {
      slug: 'guests',
      title: 'Guests',
      collection: {
        name: 'guests',
        one: 'guest',
        many: 'guests',
        itemLabel: 'name',
        max: 8,
        addAnother: { name: 'addAnother', question: 'Do you need to add another guest?' },
        addTitle: 'Add a guest',
        changeTitle: 'Change a guest',
        fields: [
          { type: 'text', name: 'name', label: 'Name', noun: 'the guest’s name', maxLength: 100 },
          { type: 'textarea', name: 'diet', label: 'Dietary needs', noun: 'their dietary needs', optional: true, notGiven: 'None', minLength: 1, maxLength: 200 },
        ],
      },
      next: 'check',
    },
  ],
  taskList: {
    title: 'Plan a party',
    sections: [
      { title: 'Date and time', steps: ['date'] },
      { title: 'Venue', steps: ['venue'] },
      { title: 'Guests', steps: ['guests'] },
    ],
    checkTask: 'Send invitations',
  },
  check: { slug: 'check', title: 'Check your answers', lead: 'Check the party before you send the invitations. Nothing is sent until you press "Send invitations".' },
  home: {
    heading: 'A task list, and a list you build',
    text: 'A third journey plans a party: three tasks in any order, each with its status, a date, a question revealed by your choice, and a guest list you add to one guest at a time.',
    button: 'Plan a party',
  },
  submit: {
    button: 'Send invitations',
    doneTitle: 'Invitations sent',
    sentHeading: 'Your party',
    doneNote: 'Write the reference down: this page is shown once, and your session no longer holds the party.',
    cancelButton: 'Cancel the party',
  },
});
