package dev.presign.signing;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The fields of one signed form: a small, ordered, read-only map over two arrays. A form has a
 * dozen fields at most, so a linear scan beats hashing, and building it costs two arrays instead of
 * a hash table and an entry per field on the signing hot path.
 */
final class FormFields extends AbstractMap<String, String> {
  private final String[] names;
  private final String[] values;
  private int size;

  FormFields(int capacity) {
    names = new String[capacity];
    values = new String[capacity];
  }

  /** Appends a field; only the signer calls this, before the map is shared. */
  void add(String name, String value) {
    names[size] = name;
    values[size] = value;
    size++;
  }

  String nameAt(int index) {
    return names[index];
  }

  String valueAt(int index) {
    return values[index];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public String get(Object key) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<String, String> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(names[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
