import { expect, it } from 'vitest';
import { signIn, useSignedInApp } from '../../test/helpers/app.js';
import { describeEachDatabase } from '../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../test/helpers/factories.js';

// Messages staff read when a form or a client sends bad input: plain words, the field,
// and no internal type names or English inside Japanese text.

describeEachDatabase('validation wording', (database) => {
  const signedIn = useSignedInApp(database, 'ja');

  it('words an empty name plainly', async () => {
    const response = await signedIn.api().post('/api/items', { name: '', category: 'ring', retailPrice: 1000 });
    expect(response.statusCode).toBe(400);
    const [field] = response.json().error.details.fields;
    expect(field).toEqual({ field: 'name', message: '入力してください。' });
    expect(response.json().error.message).toContain('name: 入力してください。');
  });

  it('words ranges and choices', async () => {
    const response = await signedIn.api().post('/api/transfers', { fromLocationId: 1, toLocationId: 2, lines: [{ itemId: 1, quantity: 0 }] });
    expect(response.statusCode).toBe(400);
    const quantity = response.json().error.details.fields.find((f: { field: string }) => f.field === 'lines.0.quantity');
    expect(quantity.message).toMatch(/^(1 以上|0 より大きい)/);

    const english = await signIn(signedIn.app(), database(), 'en');
    const choice = await english.post('/api/items', { name: 'Ring', category: 'spaceship', retailPrice: 1000 });
    const category = choice.json().error.details.fields.find((f: { field: string }) => f.field === 'category');
    expect(category.message).toMatch(/^Use one of: .*ring/);
  });

  it('names the missing location field', async () => {
    const store = await createTestLocation(database().db);
    const ring = await receiveTestItem(database().db, { locationId: store.id });
    const response = await signedIn.api().post('/api/transfers', {
      fromLocationId: store.id,
      toLocationId: 999_999,
      lines: [{ itemId: ring.id, quantity: 1 }],
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toBe('拠点「ID 999999」が見つかりません。一覧から選び直してください。');
    expect(response.json().error.details).toEqual({ field: 'toLocationId' });
  });

  it('words a malformed JSON body', async () => {
    const response = await signedIn.api().request('POST', '/api/items', '{"name": ', { 'content-type': 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('送信された内容が JSON として読めません。形式を確認してからやり直してください。');
  });

  it('words a malformed email address', async () => {
    const response = await signedIn.api().post('/api/users', { email: 'not-an-address', password: 'violet harbour lantern', role: 'viewer' });
    expect(response.statusCode).toBe(400);
    const email = response.json().error.details.fields.find((f: { field: string }) => f.field === 'email');
    expect(email.message).toBe('メールアドレスの形式で入力してください（例: staff@example.jp）。');
  });
});
