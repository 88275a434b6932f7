// SPDX-License-Identifier: GPL-2.0
/*
 * snd-xenfront: the stream buffer shared with the backend.
 *
 * Lifetime: hw_params allocates the pages (zeroed, one by one, mapped
 * linearly for ALSA and handed to mmap page by page); the first prepare on
 * a connection grants them and the page directory to the backend (sndif:
 * the first directory page is gref_directory, each directory page holds
 * gref_dir_next_page and up to 1023 data grefs, 0 ends the chain); hw_free
 * ends the grants and frees the pages.
 *
 * Ending a grant the backend still maps is deferred by the grant table
 * code, which then holds its own page reference, so freeing our reference
 * never hands a mapped page back to the allocator. A buffer whose grants
 * could not be ended at once is never offered to another backend.
 */

#include "common.h"

#include <linux/vmalloc.h>
#include <xen/page.h>

/**
 * sndfront_shbuf_ungrant() - end every grant of a buffer
 * @buf: the buffer
 *
 * Context: process.
 */
static void sndfront_shbuf_ungrant(struct sndfront_shbuf *buf)
{
	unsigned int i;

	if (!buf->granted_gen)
		return;
	for (i = 0; i < buf->nr_pages + buf->nr_dir; i++) {
		if (!gnttab_try_end_foreign_access(buf->grefs[i])) {
			buf->tainted = true;
			gnttab_end_foreign_access(buf->grefs[i], NULL);
		}
		buf->grefs[i] = INVALID_GRANT_REF;
	}
	buf->granted_gen = 0;
}

/**
 * sndfront_shbuf_free() - end the grants and free a buffer; idempotent
 * @buf: the buffer
 *
 * Context: process.
 */
void sndfront_shbuf_free(struct sndfront_shbuf *buf)
{
	unsigned int i;

	sndfront_shbuf_ungrant(buf);
	if (buf->vaddr)
		vunmap(buf->vaddr);
	for (i = 0; buf->pages && i < buf->nr_pages; i++)
		if (buf->pages[i])
			__free_page(buf->pages[i]);
	for (i = 0; buf->dir && i < buf->nr_dir; i++)
		if (buf->dir[i])
			__free_page(buf->dir[i]);
	kfree(buf->pages);
	kfree(buf->dir);
	kfree(buf->grefs);
	memset(buf, 0, sizeof(*buf));
}

/**
 * sndfront_shbuf_alloc() - allocate a buffer
 * @buf: the buffer, empty
 * @bytes: size in bytes, 1 .. SNDFRONT_BUFFER_BYTES_MAX
 *
 * Context: process.
 * Return: 0 or -ENOMEM/-EINVAL; @buf is empty again on error.
 */
int sndfront_shbuf_alloc(struct sndfront_shbuf *buf, size_t bytes)
{
	unsigned int i;

	if (!bytes || bytes > SNDFRONT_BUFFER_BYTES_MAX)
		return -EINVAL;
	buf->bytes = bytes;
	buf->nr_pages = DIV_ROUND_UP(bytes, PAGE_SIZE);
	buf->nr_dir = DIV_ROUND_UP(buf->nr_pages, SNDFRONT_GREFS_PER_DIR);
	buf->pages = kcalloc(buf->nr_pages, sizeof(*buf->pages), GFP_KERNEL);
	buf->dir = kcalloc(buf->nr_dir, sizeof(*buf->dir), GFP_KERNEL);
	buf->grefs = kcalloc(buf->nr_pages + buf->nr_dir, sizeof(*buf->grefs),
			     GFP_KERNEL);
	if (!buf->pages || !buf->dir || !buf->grefs)
		goto err_free_buf;
	for (i = 0; i < buf->nr_pages; i++) {
		buf->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!buf->pages[i])
			goto err_free_buf;
	}
	for (i = 0; i < buf->nr_dir; i++) {
		buf->dir[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!buf->dir[i])
			goto err_free_buf;
	}
	buf->vaddr = vmap(buf->pages, buf->nr_pages, VM_MAP, PAGE_KERNEL);
	if (!buf->vaddr)
		goto err_free_buf;
	return 0;

err_free_buf:
	sndfront_shbuf_free(buf);
	return -ENOMEM;
}

/**
 * sndfront_shbuf_fill_dir() - write the page directory
 * @buf: the buffer, grefs claimed
 *
 * Context: process.
 */
static void sndfront_shbuf_fill_dir(struct sndfront_shbuf *buf)
{
	grant_ref_t *dir_grefs = &buf->grefs[buf->nr_pages];
	struct xensnd_page_directory *dir;
	unsigned int d, i, first, n;

	for (d = 0; d < buf->nr_dir; d++) {
		dir = page_address(buf->dir[d]);
		first = d * SNDFRONT_GREFS_PER_DIR;
		n = min_t(unsigned int, buf->nr_pages - first,
			  SNDFRONT_GREFS_PER_DIR);
		dir->gref_dir_next_page = d + 1 < buf->nr_dir ?
					  dir_grefs[d + 1] : 0;
		for (i = 0; i < n; i++)
			dir->gref[i] = buf->grefs[first + i];
	}
}

/**
 * sndfront_shbuf_grant() - grant a buffer to the backend of a connection
 * @buf: the buffer, allocated
 * @domid: backend domain
 * @gen: connection generation
 *
 * Grants made for an older connection are ended first; the data stays.
 * The pages are granted writable: capture and GET_VOLUME write them, and
 * known backends map every page read-write.
 *
 * Context: process.
 * Return: 0, -EBUSY if an older backend still maps the buffer, -ENOSPC
 * without grant references, -EINVAL without a buffer.
 */
int sndfront_shbuf_grant(struct sndfront_shbuf *buf, domid_t domid,
			 unsigned int gen)
{
	unsigned int i, total = buf->nr_pages + buf->nr_dir;
	grant_ref_t head;
	struct page *page;

	if (!buf->vaddr)
		return -EINVAL;
	if (buf->granted_gen == gen)
		return 0;
	sndfront_shbuf_ungrant(buf);
	if (buf->tainted)
		return -EBUSY;
	if (gnttab_alloc_grant_references(total, &head))
		return -ENOSPC;
	for (i = 0; i < total; i++)
		buf->grefs[i] = gnttab_claim_grant_reference(&head);
	sndfront_shbuf_fill_dir(buf);
	for (i = 0; i < total; i++) {
		page = i < buf->nr_pages ? buf->pages[i] :
		       buf->dir[i - buf->nr_pages];
		gnttab_page_grant_foreign_access_ref_one(buf->grefs[i], domid,
							 page, 0);
	}
	buf->granted_gen = gen;
	return 0;
}

/**
 * sndfront_shbuf_dir_gref() - gref_directory for OPEN
 * @buf: the buffer, granted
 *
 * Context: any.
 * Return: grant of the first page directory page.
 */
grant_ref_t sndfront_shbuf_dir_gref(const struct sndfront_shbuf *buf)
{
	return buf->grefs[buf->nr_pages];
}
