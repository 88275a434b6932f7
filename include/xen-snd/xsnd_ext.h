/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Xen PV sound: what snd-xenback and snd-xenfront add to sndif version 2.
 *
 * Every addition is advertised by one side and used by the other only when
 * advertised, so either module still works with any conforming peer, and
 * Linux's snd_xen_front, which reads none of it, is served unchanged.
 * Documentation/protocol.rst ("Extensions") is the specification.
 */
#ifndef XSND_EXT_H
#define XSND_EXT_H

/*
 * Backend node, "0" or "1" (absent means 0). "1" promises: for a capture
 * stream, the frames up to a position reported by XENSND_EVT_CUR_POS are
 * already in the stream buffer when the event is posted, so a frontend
 * may take them without a READ. READ stays valid and is answered at once.
 */
#define XSND_FIELD_CAPTURE_IN_PLACE	"feature-capture-in-place"

#endif /* XSND_EXT_H */
