/**
 * The surface's material: every pixel takes the colour map's colour at the
 * value interpolated to that pixel (a lookup in a 1D texture of the map, in
 * its own sRGB bytes), shaded only by a light at the camera; the shading
 * multiplies that colour, so every pixel is k × (a colour of the map) with k
 * in [SHADE_MIN, 1] and keeps the map's hue (issue 15: a lit
 * MeshStandardMaterial turned high corners olive and the bowl dark after
 * orbiting; interpolating vertex colours would also leave the map between
 * grid points where the value changes fast).
 */
import { ClampToEdgeWrapping, DataTexture, DoubleSide, LinearFilter, RGBAFormat, ShaderMaterial, UnsignedByteType } from 'three';
import type { ColorMap } from '../lib/colormap.ts';

/** Darkest shade: a face seen edge-on. A face towards the camera keeps the map's colour exactly. */
export const SHADE_MIN = 0.72;

/** Name of the per-vertex attribute holding the value's position on the colour map, t ∈ [0, 1]. */
export const MAP_T_ATTRIBUTE = 'mapT';

const LUT_SIZE = 256;

const vertexShader = /* glsl */ `
attribute float mapT;
varying float vT;
varying vec3 vNormal;
varying vec3 vView;
void main() {
  vT = mapT;
  vNormal = normalize(normalMatrix * normal);
  vec4 viewPosition = modelViewMatrix * vec4(position, 1.0);
  vView = -viewPosition.xyz;
  gl_Position = projectionMatrix * viewPosition;
}
`;

// The texture holds sRGB bytes and is written out as they are (no colour-space
// conversion): the screen shows the map's own colours.
const fragmentShader = /* glsl */ `
uniform sampler2D colourMap;
uniform float shadeMin;
varying float vT;
varying vec3 vNormal;
varying vec3 vView;
void main() {
  // abs(): both sides of the surface are lit by the camera's light.
  float facing = abs(dot(normalize(vNormal), normalize(vView)));
  float shade = shadeMin + (1.0 - shadeMin) * facing;
  float t = clamp(vT, 0.0, 1.0);
  // Texel centres: t = 0 and t = 1 land on the first and last entries.
  vec3 colour = texture2D(colourMap, vec2((t * ${LUT_SIZE - 1}.0 + 0.5) / ${LUT_SIZE}.0, 0.5)).rgb;
  gl_FragColor = vec4(colour * shade, 1.0);
}
`;

function mapTexture(colormap: ColorMap): DataTexture {
  const bytes = new Uint8Array(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const rgb = colormap.sample(i / (LUT_SIZE - 1));
    bytes.set([...rgb.map((c) => Math.round(c * 255)), 255], i * 4);
  }
  const texture = new DataTexture(bytes, LUT_SIZE, 1, RGBAFormat, UnsignedByteType);
  texture.magFilter = LinearFilter;
  texture.minFilter = LinearFilter;
  texture.wrapS = ClampToEdgeWrapping;
  texture.wrapT = ClampToEdgeWrapping;
  texture.generateMipmaps = false;
  texture.needsUpdate = true;
  return texture;
}

/** The material and its texture; dispose both. */
export function surfaceMaterial(colormap: ColorMap): { material: ShaderMaterial; texture: DataTexture } {
  const texture = mapTexture(colormap);
  const material = new ShaderMaterial({
    vertexShader,
    fragmentShader,
    uniforms: { colourMap: { value: texture }, shadeMin: { value: SHADE_MIN } },
    side: DoubleSide,
    // Contour lines and the wireframe lie on the surface; the offset keeps them in front of it.
    polygonOffset: true,
    polygonOffsetFactor: 1,
    polygonOffsetUnits: 1,
  });
  return { material, texture };
}
