import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'fablab:public';
/** Marks a route that needs no login (health, metrics, login itself, public pages). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
