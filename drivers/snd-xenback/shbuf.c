// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenback: the guest's stream buffer.
 *
 * At OPEN the guest names the first page of a page directory (sndif.h,
 * struct xensnd_page_directory): each directory page holds the grant of the
 * next directory page and up to SNDBACK_GREFS_PER_DIR_PAGE buffer grants.
 * Each directory page is grant-copied into a private page, so the guest
 * cannot change it while we read it, and the walk covers exactly as many
 * directory pages as buffer_sz needs: a cyclic, endless or short chain is
 * never followed further.
 *
 * The buffer pages are then mapped in one batch, read-only for playback,
 * and stay mapped until CLOSE or disconnect. Every mapped page is counted
 * in sndback_mapped_pages.
 */

#include "common.h"

#include <linux/mm.h>
#include <linux/slab.h>
#include <xen/grant_table.h>
#include <xen/page.h>
#include <xen/xenbus.h>

/*
 * Read the grants of a @nr_pages buffer from the directory at @ref.
 * Return: 0, -ENOMEM, -EINVAL for a short chain or a reserved reference,
 * -EFAULT if a directory page cannot be copied.
 */
static int sndback_shbuf_read_dir(struct sndback_stream *s, grant_ref_t ref,
				  u32 nr_pages, grant_ref_t *grefs)
{
	u32 ndir = sndback_dir_pages(nr_pages), done = 0, n, i;
	struct xensnd_page_directory *dir;
	struct gnttab_copy op;
	int err = 0;

	dir = (void *)__get_free_page(GFP_KERNEL);
	if (!dir)
		return -ENOMEM;

	for (i = 0; i < ndir; i++) {
		err = -EINVAL;
		if (ref < SNDBACK_GREF_MIN)	/* end of chain, or reserved */
			break;
		memset(&op, 0, sizeof(op));
		op.source.u.ref = ref;
		op.source.domid = s->be->domid;
		op.dest.u.gmfn = virt_to_gfn(dir);
		op.dest.domid = DOMID_SELF;
		op.len = XEN_PAGE_SIZE;
		op.flags = GNTCOPY_source_gref;
		gnttab_batch_copy(&op, 1);
		err = -EFAULT;
		if (op.status != GNTST_okay)
			break;
		/* From here on only the private copy in @dir is used. */
		n = min_t(u32, nr_pages - done, SNDBACK_GREFS_PER_DIR_PAGE);
		memcpy(grefs + done, dir->gref, n * sizeof(*grefs));
		err = sndback_check_grefs(grefs + done, n);
		if (err)
			break;
		done += n;
		ref = dir->gref_dir_next_page;
		err = 0;
	}

	free_page((unsigned long)dir);
	return err;
}

/* Unmap the first @n entries of @buf that hold a valid handle. */
static void sndback_shbuf_unmap_n(struct sndback_shbuf *buf, unsigned int n)
{
	struct gntab_unmap_queue_data q = {};
	struct gnttab_unmap_grant_ref *ops;
	struct page **pages;
	unsigned int i, k = 0;
	u32 flags = GNTMAP_host_map | (buf->readonly ? GNTMAP_readonly : 0);

	ops = kvcalloc(n, sizeof(*ops), GFP_KERNEL | __GFP_NOFAIL);
	pages = kvcalloc(n, sizeof(*pages), GFP_KERNEL | __GFP_NOFAIL);
	for (i = 0; i < n; i++) {
		if (buf->handles[i] == INVALID_GRANT_HANDLE)
			continue;
		gnttab_set_unmap_op(&ops[k],
				    (unsigned long)page_address(buf->pages[i]),
				    flags, buf->handles[i]);
		pages[k++] = buf->pages[i];
		buf->handles[i] = INVALID_GRANT_HANDLE;
	}
	if (k) {
		q.unmap_ops = ops;
		q.pages = pages;
		q.count = k;
		/* Waits only for dom0's own users of the pages, never the guest. */
		WARN_ON_ONCE(gnttab_unmap_refs_sync(&q));
		atomic_sub(k, &sndback_mapped_pages);
	}
	kvfree(pages);
	kvfree(ops);
}

/* Map @buf's pages from @grefs; on any failure unmap what did map. */
static int sndback_shbuf_map_pages(struct sndback_stream *s,
				   struct sndback_shbuf *buf,
				   const grant_ref_t *grefs)
{
	u32 flags = GNTMAP_host_map | (buf->readonly ? GNTMAP_readonly : 0);
	struct gnttab_map_grant_ref *ops;
	unsigned int i, mapped = 0;
	int err;

	ops = kvcalloc(buf->nr_pages, sizeof(*ops), GFP_KERNEL);
	if (!ops)
		return -ENOMEM;
	for (i = 0; i < buf->nr_pages; i++)
		gnttab_set_map_op(&ops[i],
				  (unsigned long)page_address(buf->pages[i]),
				  flags, grefs[i], s->be->domid);

	err = gnttab_map_refs(ops, NULL, buf->pages, buf->nr_pages);
	for (i = 0; i < buf->nr_pages; i++) {
		if (!err && ops[i].status == GNTST_okay) {
			buf->handles[i] = ops[i].handle;
			mapped++;
		} else {
			buf->handles[i] = INVALID_GRANT_HANDLE;
		}
	}
	atomic_add(mapped, &sndback_mapped_pages);
	kvfree(ops);

	if (mapped == buf->nr_pages)
		return 0;
	sndback_shbuf_unmap_n(buf, buf->nr_pages);
	return -EFAULT;
}

/**
 * sndback_shbuf_map() - map the buffer an OPEN describes
 * @s: stream; s->shbuf must be unmapped
 * @dir_ref: grant of the first directory page, from the request
 * @nr_pages: buffer pages, from the validated buffer_sz
 * @readonly: map read-only (playback)
 *
 * Context: process context (the stream's work item).
 * Return: 0, -ENOMEM, -EINVAL for a directory chain shorter than the buffer
 * or a reserved grant reference (below SNDBACK_GREF_MIN), or -EFAULT if a
 * grant could not be copied or mapped.
 */
int sndback_shbuf_map(struct sndback_stream *s, grant_ref_t dir_ref,
		      u32 nr_pages, bool readonly)
{
	struct sndback_shbuf *buf = &s->shbuf;
	grant_ref_t *grefs;
	int err = -ENOMEM;

	grefs = kvcalloc(nr_pages, sizeof(*grefs), GFP_KERNEL);
	buf->pages = kvcalloc(nr_pages, sizeof(*buf->pages), GFP_KERNEL);
	buf->handles = kvcalloc(nr_pages, sizeof(*buf->handles), GFP_KERNEL);
	if (!grefs || !buf->pages || !buf->handles)
		goto out_free_arrays;

	err = sndback_shbuf_read_dir(s, dir_ref, nr_pages, grefs);
	if (err)
		goto out_free_arrays;

	err = gnttab_alloc_pages(nr_pages, buf->pages);
	if (err)
		goto out_free_arrays;
	buf->nr_pages = nr_pages;
	buf->readonly = readonly;

	err = sndback_shbuf_map_pages(s, buf, grefs);
	if (err)
		goto out_free_pages;
	buf->grefs = grefs;
	return 0;

out_free_pages:
	gnttab_free_pages(nr_pages, buf->pages);
	buf->nr_pages = 0;
out_free_arrays:
	kvfree(buf->handles);
	kvfree(buf->pages);
	buf->handles = NULL;
	buf->pages = NULL;
	kvfree(grefs);
	return err;
}

/**
 * sndback_shbuf_unmap() - unmap and free the buffer; idempotent
 * @s: stream
 *
 * Context: process context, with the stream's work item not running.
 */
void sndback_shbuf_unmap(struct sndback_stream *s)
{
	struct sndback_shbuf *buf = &s->shbuf;

	if (!buf->pages)
		return;
	sndback_shbuf_unmap_n(buf, buf->nr_pages);
	gnttab_free_pages(buf->nr_pages, buf->pages);
	kvfree(buf->handles);
	kvfree(buf->pages);
	kvfree(buf->grefs);
	memset(buf, 0, sizeof(*buf));
}

/**
 * sndback_shbuf_read() - copy octets out of the buffer
 * @buf: mapped buffer
 * @offset: where, checked by the caller
 * @dst: private destination
 * @len: octets, with @offset + @len within the buffer
 *
 * Context: any.
 */
void sndback_shbuf_read(struct sndback_shbuf *buf, u32 offset, void *dst,
			u32 len)
{
	u32 avail, n;
	void *src;

	while (len) {
		src = sndback_shbuf_addr(buf, offset, &avail);
		n = min(len, avail);
		memcpy(dst, src, n);
		dst += n;
		offset += n;
		len -= n;
	}
}

/**
 * sndback_shbuf_write() - copy octets into the buffer
 * @s: stream with a mapped buffer
 * @offset: where, checked by the caller
 * @src: what
 * @len: octets, with @offset + @len within the buffer
 *
 * A read-only mapped (playback) buffer is written by grant copy, so it never
 * needs a writable mapping.
 *
 * Context: process context.
 * Return: 0, or -EFAULT if a grant copy failed.
 */
int sndback_shbuf_write(struct sndback_stream *s, u32 offset, const void *src,
			u32 len)
{
	struct sndback_shbuf *buf = &s->shbuf;
	struct gnttab_copy op;
	u32 avail, n;
	void *dst;

	while (len) {
		dst = sndback_shbuf_addr(buf, offset, &avail);
		n = min(len, avail);
		if (!buf->readonly) {
			memcpy(dst, src, n);
		} else {
			memset(&op, 0, sizeof(op));
			op.source.u.gmfn = virt_to_gfn(src);
			op.source.offset = offset_in_page(src);
			op.source.domid = DOMID_SELF;
			op.dest.u.ref = buf->grefs[offset / XEN_PAGE_SIZE];
			op.dest.offset = offset % XEN_PAGE_SIZE;
			op.dest.domid = s->be->domid;
			op.len = n;
			op.flags = GNTCOPY_dest_gref;
			gnttab_batch_copy(&op, 1);
			if (op.status != GNTST_okay)
				return -EFAULT;
		}
		src += n;
		offset += n;
		len -= n;
	}
	return 0;
}

/**
 * sndback_shbuf_addr() - kernel address of a buffer offset
 * @buf: mapped buffer
 * @offset: octet offset, below the buffer size
 * @avail: octets readable from there without crossing a page
 *
 * Context: any.
 * Return: the address.
 */
void *sndback_shbuf_addr(struct sndback_shbuf *buf, u32 offset, u32 *avail)
{
	u32 in_page = offset % XEN_PAGE_SIZE;

	*avail = XEN_PAGE_SIZE - in_page;
	return page_address(buf->pages[offset / XEN_PAGE_SIZE]) + in_page;
}
