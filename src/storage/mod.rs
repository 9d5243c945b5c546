//! The one seam to storage.
