// The pizza order: a journey that branches (an address only for delivery), then check your answers, place (its submit), done once.
import { defineJourney } from '../journey';

export const orderJourney = defineJourney({
  id: 'order',
  label: 'Your pizza order',
  basePath: '/order',
  steps: [
    {
      slug: 'size',
      title: 'What size pizza would you like?',
      fields: [
        {
          type: 'radios',
          name: 'size',
          label: 'Size',
          noun: 'a size',
          options: [
            { value: 'small', label: 'Small' },
            { value: 'medium', label: 'Medium' },
            { value: 'large', label: 'Large' },
          ],
        },
      ],
      next: 'toppings',
    },
    {
      slug: 'toppings',
      title: 'Which toppings would you like?',
      fields: [
        {
          type: 'checkboxes',
          name: 'toppings',
          label: 'Toppings',
          noun: 'toppings',
          hint: 'Choose up to 3, or none for a plain tomato pizza.',
          maxChoices: 3,
          noneLabel: 'None (plain tomato)',
          options: [
            { value: 'cheese', label: 'Cheese' },
            { value: 'mushrooms', label: 'Mushrooms' },
            { value: 'peppers', label: 'Peppers' },
            { value: 'olives', label: 'Olives' },
            { value: 'pineapple', label: 'Pineapple' },
          ],
        },
      ],
      next: 'quantity',
    },
    {
      slug: 'quantity',
      title: 'How many pizzas would you like?',
      fields: [{ type: 'number', name: 'quantity', label: 'Quantity', noun: 'how many pizzas you would like', hint: 'From 1 to 10.', min: 1, max: 10 }],
      next: 'delivery',
    },
    {
      slug: 'delivery',
      title: 'Delivery or collection?',
      fields: [
        {
          type: 'radios',
          name: 'method',
          label: 'Delivery or collection',
          noun: 'delivery or collection',
          options: [
            { value: 'delivery', label: 'Delivery to your door' },
            { value: 'collection', label: 'Collection from the shop' },
          ],
        },
      ],
      // The branch: an address is asked only for a delivery.
      next: [{ field: 'method', value: 'delivery', next: 'address' }, 'check'],
    },
    {
      slug: 'address',
      title: 'Where should we deliver?',
      fields: [
        {
          type: 'textarea',
          name: 'address',
          label: 'Delivery address',
          noun: 'the delivery address',
          hint: 'Include the house number and postcode.',
          autocomplete: 'street-address',
          minLength: 5,
          maxLength: 200,
        },
      ],
      next: 'check',
    },
  ],
  check: { slug: 'check', title: 'Check your answers', lead: 'Check your order before you place it. Nothing is placed until you press "Place order".' },
  home: {
    heading: 'A journey that branches',
    text: 'The same engine serves a second journey, kept in its own part of your session: ordering a pizza, with choices, tick boxes, a number, and a question (the address) asked only when your answers need it.',
    button: 'Order a pizza',
  },
  // Nothing is sent anywhere (no `send`): the order ends in its reference and the one-time done page.
  submit: {
    button: 'Place order',
    doneTitle: 'Order placed',
    sentHeading: 'What you ordered',
    doneNote: 'Write the reference down: this page is shown once, and your session no longer holds the order.',
    cancelButton: 'Cancel order',
  },
});
