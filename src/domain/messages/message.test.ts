import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../errors.ts';
import { MAX_MESSAGE_LENGTH, messageAttributes, validMessageContent } from './message.ts';

const rejects = (content: string) =>
  assert.throws(
    () => validMessageContent(content),
    (e: unknown) => e instanceof DomainError && e.kind === 'bad-request' && e.code === 'validation-invalid-value' && e.source?.path[0] === 'content',
  );

test('message content: kept as sent; blank or too long is refused', () => {
  assert.equal(validMessageContent('  Hi there \n'), '  Hi there \n');
  rejects('');
  rejects(' \n\t ');
  assert.equal(validMessageContent('x'.repeat(10_000)).length, 10_000);
  rejects('x'.repeat(10_001));
  assert.equal(MAX_MESSAGE_LENGTH, 10_000);
  // The limit counts characters (code points), not UTF-16 units: 10 000 emoji are 20 000 units.
  assert.equal(validMessageContent('😀'.repeat(10_000)).length, 20_000);
  rejects('😀'.repeat(10_001));
});

test('message attributes: a deleted message shows no content', () => {
  const createdAt = new Date('2025-01-02T03:04:05Z');
  const m = { id: 'a', marketplaceId: 'b', transactionId: 'c', senderId: 'd', content: 'secret', createdAt };
  assert.deepEqual(messageAttributes({ ...m, deleted: false }), { content: 'secret', createdAt, deleted: false });
  assert.deepEqual(messageAttributes({ ...m, deleted: true }), { content: '', createdAt, deleted: true });
});
