/** NIST SP 800-38A Appendix F test vectors (the four-block plaintext is shared by all modes). */
import { hex } from '../support/hex.js';

export const PLAINTEXT = hex(`6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
  30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710`);
export const KEY128 = hex('2b7e151628aed2a6abf7158809cf4f3c');
export const KEY256 = hex('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4');
export const CBC_IV = hex('000102030405060708090a0b0c0d0e0f');
export const CTR_COUNTER = hex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');

/** F.2.1/F.2.2 CBC-AES128 ciphertext. */
export const CBC128 = hex(`7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2
  73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7`);
/** F.2.5/F.2.6 CBC-AES256 ciphertext. */
export const CBC256 = hex(`f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d
  39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b`);
/** F.5.1/F.5.2 CTR-AES128 ciphertext. */
export const CTR128 = hex(`874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff
  5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee`);
/** F.5.5/F.5.6 CTR-AES256 ciphertext. */
export const CTR256 = hex(`601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5
  2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6`);
