/**
 * Puts several exported views side by side in one PNG (Compare's "all
 * panels"), top-aligned on the views' background, in the order given.
 */

export async function composePngs(images: readonly Uint8Array<ArrayBuffer>[], background: string, gap: number): Promise<Uint8Array<ArrayBuffer>> {
  const bitmaps = await Promise.all(images.map((bytes) => createImageBitmap(new Blob([bytes], { type: 'image/png' }))));
  const width = bitmaps.reduce((sum, b) => sum + b.width, 0) + gap * Math.max(0, bitmaps.length - 1);
  const height = Math.max(1, ...bitmaps.map((b) => b.height));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('The browser refused a 2D canvas for the export.');
  context.fillStyle = background;
  context.fillRect(0, 0, width, height);
  let x = 0;
  for (const bitmap of bitmaps) {
    context.drawImage(bitmap, x, 0);
    x += bitmap.width + gap;
    bitmap.close();
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The browser could not encode the PNG.');
  return new Uint8Array(await blob.arrayBuffer());
}
