// The field templates (views/fields/*.ejs): fieldsets with legends, values kept, errors tied to inputs, everything escaped.
import path from 'node:path';
import { renderFile } from 'ejs';
import { fieldModels, formValuesOf } from '../../src/pages/field-models';
import type { FieldModel } from '../../src/pages/field-models';
import { orderJourney } from '../../src/flow/journeys';

const viewsDir = path.join(__dirname, '..', '..', 'views');
const fields = orderJourney.steps.flatMap((s) => s.fields);

function render(field: FieldModel): Promise<string> {
  return new Promise((resolve, reject) => {
    renderFile(path.join(viewsDir, 'fields', `${field.type}.ejs`), { field }, { root: viewsDir, cache: false }, (err, html) =>
      err ? reject(err) : resolve(html ?? ''),
    );
  });
}

test('radios and checkboxes sit in a fieldset whose legend names the question; the first option carries the field\'s id', async () => {
  const [size, toppings] = fieldModels(fields.slice(0, 2), { size: 'medium', toppings: ['cheese', 'olives'] });
  const radios = await render(size!);
  expect(radios).toMatch(/<fieldset class="fieldset">\s*<legend class="field__label fieldset__legend">Size<\/legend>/);
  expect(radios).toContain('type="radio" id="size" name="size" value="small">');
  expect(radios).toContain('type="radio" id="size-medium" name="size" value="medium" checked>');
  const boxes = await render(toppings!);
  expect(boxes).toContain('aria-describedby="toppings-hint"');
  expect(boxes.match(/type="checkbox"/g)).toHaveLength(5);
  expect(boxes.match(/ checked>/g)).toHaveLength(2);
  expect(boxes).toContain('id="toppings-olives" name="toppings" value="olives" checked>');
});

test('an error is shown beside the field and described by it', async () => {
  const [quantity] = fieldModels([fields[2]!], { quantity: '2.5' }, [{ field: 'quantity', message: 'Quantity must be a whole number, like 2' }]);
  const html = await render(quantity!);
  expect(html).toContain('class="field field--error"');
  expect(html).toContain('id="quantity-error"><span class="visually-hidden">Error: </span>Quantity must be a whole number, like 2</p>');
  expect(html).toContain('aria-describedby="quantity-hint quantity-error"');
  expect(html).toContain('aria-invalid="true"');
  expect(html).toContain('inputmode="numeric"');
  expect(html).toContain('value="2.5"');
});

test('what a visitor typed comes back escaped, in an input and in a textarea', async () => {
  const typed = '"><script>alert(1)</script>\n&amp;';
  const [address] = fieldModels([fields[4]!], { address: typed });
  const html = await render(address!);
  expect(html).not.toContain('<script>');
  expect(html).toContain('&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n&amp;amp;</textarea>');
  const text = await render({ ...address!, type: 'text' });
  expect(text).toContain('value="&#34;&gt;&lt;script&gt;');
});

test('stored answers prefill the form: a number as digits, checkboxes ticked', () => {
  expect(formValuesOf(fields, { quantity: 3, toppings: ['cheese'], size: 'large' })).toEqual({
    size: 'large',
    toppings: ['cheese'],
    quantity: '3',
    method: '',
    address: '',
  });
});
