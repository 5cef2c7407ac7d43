import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import sharp from 'sharp';

/** Largest photo accepted from a phone at the bench. */
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;
const MAX_PIXELS = 50_000_000;
const ACCEPTED = ['jpeg', 'png', 'webp'];

export const photoTooLarge = () =>
  new PayloadTooLargeException({ code: 'photo_too_large', message: `Photo trop lourde (maximum ${MAX_PHOTO_BYTES / 1048576} Mo). Photo too large.` });

export interface CleanPhoto {
  image: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

/**
 * Makes a phone photo safe to keep: turned upright from its EXIF orientation, every metadata
 * (GPS position included) dropped, at most 2048 px, plus a 320 px thumbnail. Anything that is
 * not a JPEG, PNG or WebP image is refused. `input`: the bytes, or the path of the uploaded file.
 */
export async function cleanPhoto(input: Buffer | string): Promise<CleanPhoto> {
  if (Buffer.isBuffer(input) && input.length > MAX_PHOTO_BYTES) throw photoTooLarge();
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata()).format;
  } catch {
    format = undefined;
  }
  if (!format || !ACCEPTED.includes(format)) {
    throw new UnsupportedMediaTypeException({ code: 'not_an_image', message: "Ce fichier n'est pas une photo (JPEG, PNG ou WebP). Not a supported image." });
  }
  // rotate() without an angle applies the EXIF orientation; sharp writes no metadata unless asked.
  const upright = sharp(input, { limitInputPixels: MAX_PIXELS }).rotate();
  const { data: image, info } = await upright
    .clone()
    .resize({ width: 2048, height: 2048, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 85 })
    .toBuffer({ resolveWithObject: true });
  const thumbnail = await upright.clone().resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
  return { image, thumbnail, width: info.width, height: info.height };
}
