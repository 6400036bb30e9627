import { z } from 'zod';

export const ORDER_STATUSES = ['pending', 'completed', 'cancelled', 'refunded'] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;
