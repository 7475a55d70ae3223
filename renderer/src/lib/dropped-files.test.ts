import { describe, expect, it } from 'vitest';
import { captureDrop, filesFromDrop, filesFromList, type EntryLike } from './dropped-files.js';

function fileEntry(name: string, failing = false): EntryLike {
  return {
    isFile: true,
    isDirectory: false,
    name,
    file: (success, failure) =>
      failing ? failure(new Error('NotReadableError')) : success(new File([name], name)),
  };
}

/** A folder whose reader hands out its children in batches, as Chromium does (about 100 at a time). */
function folderEntry(name: string, children: EntryLike[], batch = 100, failing = false): EntryLike {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      let next = 0;
      return {
        readEntries(success, failure) {
          if (failing) return failure(new Error('NotReadableError'));
          const slice = children.slice(next, next + batch);
          next += slice.length;
          // Asynchronous like the real API, so the walk cannot rely on synchronous callbacks.
          setTimeout(() => success(slice), 0);
        },
      };
    },
  };
}

const paths = (contents: Awaited<ReturnType<typeof filesFromDrop>>) =>
  contents.files.map((each) => each.relativePath);

describe('filesFromDrop', () => {
  it('walks dropped folders recursively and keeps each path inside the drop', async () => {
    const drop = {
      files: [],
      entries: [
        folderEntry('moths', [
          fileEntry('a.png'),
          folderEntry('night', [fileEntry('b.jpg'), folderEntry('empty', [])]),
        ]),
        fileEntry('loose.webp'),
      ],
    };
    const contents = await filesFromDrop(drop);
    expect(paths(contents)).toEqual(['moths/a.png', 'moths/night/b.jpg', 'loose.webp']);
    expect(contents.files[1]?.file.name).toBe('b.jpg');
    expect(contents.unreadable).toEqual([]);
  });

  it('reads a large folder to the end, batch after batch', async () => {
    const many = Array.from({ length: 250 }, (_, i) => fileEntry(`img-${i}.png`));
    const contents = await filesFromDrop({ files: [], entries: [folderEntry('big', many, 100)] });
    expect(contents.files).toHaveLength(250);
    expect(contents.files.at(-1)?.relativePath).toBe('big/img-249.png');
  });

  it('lists what it could not read and goes on with the rest', async () => {
    const contents = await filesFromDrop({
      files: [],
      entries: [
        folderEntry('locked', [fileEntry('x.png')], 100, true),
        folderEntry('ok', [fileEntry('gone.png', true), fileEntry('y.png')]),
      ],
    });
    expect(paths(contents)).toEqual(['ok/y.png']);
    expect(contents.unreadable).toEqual(['locked', 'ok/gone.png']);
  });

  it('stops at a folder nested into itself instead of walking forever', async () => {
    const loop: EntryLike = {
      isFile: false,
      isDirectory: true,
      name: 'loop',
      createReader() {
        let done = false;
        return {
          readEntries: (success) => {
            success(done ? [] : [fileEntry('a.png'), loop]);
            done = true;
          },
        };
      },
    };
    const contents = await filesFromDrop({ files: [], entries: [loop] });
    expect(contents.files.length).toBe(32);
    expect(contents.unreadable).toHaveLength(1);
    expect(contents.unreadable[0]?.split('/')).toHaveLength(33);
  });

  it('falls back to the flat file list, keeping the relative paths a folder picker gives', async () => {
    const inFolder = new File(['a'], 'a.png');
    Object.defineProperty(inFolder, 'webkitRelativePath', { value: 'moths/a.png' });
    const loose = new File(['b'], 'b.png');
    const contents = await filesFromDrop({ files: [inFolder, loose], entries: [] });
    expect(paths(contents)).toEqual(['moths/a.png', 'b.png']);
  });
});

describe('captureDrop', () => {
  it('keeps the top-level files and the entries of file items only', () => {
    const folder = folderEntry('moths', []);
    const top = new File([], 'moths');
    const items = [
      { kind: 'file', webkitGetAsEntry: () => folder },
      { kind: 'string', webkitGetAsEntry: () => fileEntry('text') },
      { kind: 'file', webkitGetAsEntry: () => null },
    ] as unknown as DataTransferItemList;
    const drop = captureDrop({ files: [top] as unknown as FileList, items });
    expect(drop.files).toEqual([top]);
    expect(drop.entries).toEqual([folder]);
  });
});

describe('filesFromList', () => {
  it('uses the file name when there is no relative path', () => {
    expect(filesFromList([new File([], 'c.gif')]).map((each) => each.relativePath)).toEqual(['c.gif']);
  });
});
