import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PREDEFINED_VARIANTS,
  imageVariants,
  parseCustomVariant,
  parseVariantSegment,
  variantSize,
  variantUrl,
  type Image,
} from '../../src/domain/images/index.ts';

test('scale variants fit inside the box keeping the aspect ratio and never enlarge', () => {
  const box = { width: 750, height: 750, fit: 'scale' } as const;
  assert.deepEqual(variantSize({ width: 3000, height: 2000 }, box), { width: 750, height: 500 });
  assert.deepEqual(variantSize({ width: 2000, height: 3000 }, box), { width: 500, height: 750 });
  assert.deepEqual(variantSize({ width: 1000, height: 1000 }, box), { width: 750, height: 750 });
  assert.deepEqual(variantSize({ width: 500, height: 300 }, box), { width: 500, height: 300 });
  assert.deepEqual(variantSize({ width: 10000, height: 10 }, box), { width: 750, height: 1 });
  assert.deepEqual(
    variantSize({ width: 1001, height: 667 }, { width: 400, height: 400, fit: 'scale' }),
    { width: 400, height: 267 },
  );
});

test('crop variants are exactly the box, whatever the original', () => {
  for (const original of [
    { width: 3000, height: 2000 },
    { width: 100, height: 50 },
    { width: 10, height: 4000 },
  ]) {
    assert.deepEqual(variantSize(original, { width: 400, height: 267, fit: 'crop' }), {
      width: 400,
      height: 267,
    });
  }
});

test('the predefined variants are those of the catalogue', () => {
  assert.deepEqual(Object.keys(PREDEFINED_VARIANTS), [
    'default',
    'landscape-crop',
    'landscape-crop2x',
    'landscape-crop4x',
    'landscape-crop6x',
    'scaled-small',
    'scaled-medium',
    'scaled-large',
    'scaled-xlarge',
    'square-small',
    'square-small2x',
    'facebook',
    'twitter',
  ]);
  assert.deepEqual(PREDEFINED_VARIANTS['landscape-crop6x'], {
    width: 2400,
    height: 1602,
    fit: 'crop',
  });
  assert.deepEqual(PREDEFINED_VARIANTS.twitter, { width: 600, height: 314, fit: 'crop' });
});

test('custom variant parameters: w, h and fit in any order, 1–3072 px', () => {
  assert.deepEqual(parseCustomVariant('w:400;h:300;fit:crop'), {
    width: 400,
    height: 300,
    fit: 'crop',
  });
  assert.deepEqual(parseCustomVariant('fit:scale;h:3072;w:1'), {
    width: 1,
    height: 3072,
    fit: 'scale',
  });
  for (const bad of [
    'w:0;h:10;fit:crop',
    'w:3073;h:10;fit:crop',
    'w:10;h:10;fit:fill',
    'w:10;h:10',
    'w:1.5;h:2;fit:crop',
    'w:1;w:2;h:2;fit:crop',
    '',
  ]) {
    assert.equal(parseCustomVariant(bad), undefined, bad);
  }
});

const image: Image = {
  id: '11111111-2222-4333-8444-555555555555',
  marketplaceId: '66666666-7777-4888-8999-000000000000',
  ownerUserId: null,
  applicationId: '66666666-7777-4888-8999-000000000001',
  contentType: 'image/jpeg',
  width: 1600,
  height: 1200,
  byteSize: 1234,
  hasAlpha: false,
  urlKey: 'k'.repeat(32),
  signingKey: 's'.repeat(43),
  originalKey: 'images/x/y/original',
  createdAt: new Date(),
};

test('imageVariants: all predefined ones by default; asked-for names, custom ones winning, unknown names dropped', () => {
  const all = imageVariants('https://img.example/', image);
  assert.deepEqual(Object.keys(all), Object.keys(PREDEFINED_VARIANTS));
  assert.deepEqual(all['scaled-small'] && { ...all['scaled-small'], url: '' }, {
    name: 'scaled-small',
    width: 320,
    height: 240,
    url: '',
  });
  assert.ok(
    all.default?.url.startsWith(`https://img.example/v1/images/${image.urlKey}/750x750-scale-`),
  );
  assert.ok(all.default?.url.endsWith('.jpg'));
  const some = imageVariants('https://img.example', image, {
    names: ['listing-card', 'square-small', 'nope', 'constructor', '__proto__'],
    custom: { 'listing-card': { width: 400, height: 300, fit: 'crop' } },
  });
  assert.deepEqual(Object.keys(some), ['listing-card', 'square-small']);
  assert.equal(some['listing-card']?.width, 400);
  assert.equal(some['listing-card']?.height, 300);
  assert.deepEqual(imageVariants('x', image, { names: [] }), {});
});

test('variant URLs carry a random key and a signature, never the image id, and parse back', () => {
  const spec = { width: 240, height: 240, fit: 'crop' } as const;
  const url = variantUrl('https://img.example', image, spec);
  assert.ok(!url.includes(image.id));
  const segment = url.split('/').at(-1) ?? '';
  const parsed = parseVariantSegment(segment);
  assert.deepEqual(parsed?.spec, spec);
  // A different signing key signs differently: the URL cannot be made without the secret.
  assert.notEqual(
    variantUrl('https://img.example', { ...image, signingKey: 't'.repeat(43) }, spec),
    url,
  );
  assert.equal(
    variantUrl('https://img.example', { ...image, hasAlpha: true }, spec).endsWith('.png'),
    true,
  );
  assert.equal(parseVariantSegment('240x240-crop.jpg'), undefined);
  assert.equal(parseVariantSegment(segment.replace('240x240', '0x240')), undefined);
  assert.equal(parseVariantSegment(segment.replace('crop', 'fill')), undefined);
});
