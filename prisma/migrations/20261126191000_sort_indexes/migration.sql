-- Sorting the list by title or author compares lower-cased text; these indexes serve that order.
CREATE INDEX "Agreement_title_sort_idx" ON "Agreement" (lower("articleTitle"), id);
CREATE INDEX "Agreement_author_sort_idx" ON "Agreement" (lower("correspondingAuthorName"), id);
