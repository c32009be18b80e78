// jest 29.7 wrote serializer.fixture.js.snap for this file.
expect.addSnapshotSerializer({ test: (v) => v && v.__kind === 'pt', serialize: (v, config, indent, depth, refs, printer) => 'Point(' + v.x + ', ' + printer(v.y, config, indent, depth, refs) + ')' });
expect.addSnapshotSerializer({ test: (v) => v instanceof Date, print: (v, serialize, indent) => 'DATE<' + v.getUTCFullYear() + '>' + indent('x\ny') });
test('serializers', () => { expect({ p: { __kind: 'pt', x: 1, y: [2, { z: 3 }] }, d: new Date(0), list: [new Date(0)] }).toMatchSnapshot(); });
