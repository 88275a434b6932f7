/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snd-xenfront: Xen-free checks of what the backend writes into the shared
 * pages: the response producer index of the request ring, response
 * statuses, the event page's producer index, event ids and CUR_POS
 * positions.
 *
 * The backend may be buggy or hostile. Every value is read once by
 * evtchnl.c into a private copy, then judged here on plain numbers, so
 * KUnit can try each boundary without a hypervisor. Response ids and
 * operations are matched by inflight.c, HW_PARAM_QUERY answers by caps.c.
 */
#ifndef SNDFRONT_RESP_CHECK_H
#define SNDFRONT_RESP_CHECK_H

#include <linux/types.h>

#include "pos.h"

/*
 * Event slots on the one-page event page: XENSND_IN_RING_LEN of sndif.h,
 * (4096 - 64-octet header) / 64-octet events = 63. evtchnl.c asserts that
 * it matches.
 */
#define SNDFRONT_EVT_SLOTS	63

int sndfront_check_status(s32 status);
int sndfront_check_rsp_prod(u32 rsp_prod, u32 rsp_cons, u32 req_prod);
int sndfront_check_evt_prod(u32 in_prod, u32 in_cons);
bool sndfront_check_evt_id(u16 id, u16 *next);
int sndfront_check_cur_pos(struct sndfront_pos *pos, u64 position,
			   bool capture, u32 *delta);

#endif /* SNDFRONT_RESP_CHECK_H */
