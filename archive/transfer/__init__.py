"""Field-office transfer: signed, hash-manifested packages of new records, merged on the central archive."""
